package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/search"
)

// runnerUpScore is the least score a runner-up needs to be offered under
// "more results": below it, sentences share a word or two with the
// question and nothing more.
const runnerUpScore = 0.5

// answerReply turns an answer into a message: the engine's text with the
// figure and the matched terms in bold, and buttons to see the source
// paragraph, more results, and to rate the answer.
func answerReply(a search.Answer) reply {
	t := texts[a.Lang]
	r := answerText(a)
	if a.Truncated {
		r.text += "\n" + t.truncated
	}
	if a.Outcome == search.Refused && len(a.Suggestions) == 0 {
		// No topic of the report is near the question: the resident can
		// browse them instead.
		r.text += "\n" + t.topicsHint
	}
	if !a.Answered() || len(a.Sources) == 0 {
		return r
	}
	lang := langCode(a.Lang)
	top := a.Sources[0].ID
	row := []tgbotapi.InlineKeyboardButton{tgbotapi.NewInlineKeyboardButtonData(t.sourceButton, callback{kind: "src", lang: lang, args: []string{top}}.String())}
	if more := runnersUp(a); len(more) > 0 {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(t.moreButton, callback{kind: "more", lang: lang, args: []string{strings.Join(more, ",")}}.String()))
	}
	figure := "-"
	if a.Figure != nil {
		figure = a.Figure.Value
	}
	rate := tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("👍", callback{kind: "fb", lang: lang, args: []string{"+", top, figure}}.String()),
		tgbotapi.NewInlineKeyboardButtonData("👎", callback{kind: "fb", lang: lang, args: []string{"-", top, figure}}.String()),
	)
	kb := tgbotapi.NewInlineKeyboardMarkup(row, rate)
	r.keyboard = &kb
	return r
}

// Preview is an answer as a resident sees it in Telegram: the HTML of each
// message and the labels of the buttons under the last, row by row. The
// staff console shows it.
type Preview struct {
	Messages []string   `json:"messages"`
	Buttons  [][]string `json:"buttons"`
}

// PreviewAnswer renders a as the bot would send it in a private chat.
func PreviewAnswer(a search.Answer) Preview {
	r := answerReply(a)
	p := Preview{Messages: r.parts(), Buttons: [][]string{}}
	if r.keyboard != nil {
		for _, row := range r.keyboard.InlineKeyboard {
			var labels []string
			for _, b := range row {
				labels = append(labels, b.Text)
			}
			p.Buttons = append(p.Buttons, labels)
		}
	}
	return p
}

// answerText is an answer's text with the figure and the question's terms
// set in bold. The terms are copied: appending the figure must not write
// into the answer's own slice.
func answerText(a search.Answer) reply {
	r := reply{text: a.Text, bold: slices.Clone(a.TextTerms)}
	if a.Figure != nil {
		r.bold = append(r.bold, a.Figure.Text)
	}
	return r
}

// runnersUp are the ids of the cited sentences after the first that are
// worth reading: those that cover the question nearly as well as the
// answer does. Below that they share a word or two with it and nothing more.
func runnersUp(a search.Answer) []string {
	var ids []string
	top := a.Sources[0].Coverage
	for _, s := range a.Sources[1:] {
		if s.Score >= runnerUpScore && s.Coverage >= top-runnerUpGap {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// runnerUpGap is how much less of the question a runner-up may cover than
// the answer and still be offered.
const runnerUpGap = 0.1

// callback is what a button carries back. Telegram allows 64 bytes, so it
// holds ids, never text: "src|s|p31.s4", "fb|t|+|p31.s4|6500", and with
// several reports loaded ids that name theirs, "fb|t|+|2024/p31.s4|6500".
type callback struct {
	kind string
	lang string // s, t or e: the language to answer the press in
	args []string
}

const maxCallbackData = 64

func (c callback) String() string {
	s := strings.Join(append([]string{c.kind, c.lang}, c.args...), "|")
	if len(s) > maxCallbackData && c.kind == "fb" && len(c.args) == 3 {
		// A rating is of its sentence: a long figure gives way, never
		// the id, which a cut would make another sentence's or none.
		s = strings.Join([]string{c.kind, c.lang, c.args[0], c.args[1], "-"}, "|")
	}
	if len(s) > maxCallbackData {
		// Only "more" grows with its arguments: drop runners-up until it
		// fits rather than send a button Telegram refuses.
		for len(s) > maxCallbackData && strings.Contains(s, ",") {
			s = s[:strings.LastIndex(s, ",")]
		}
		if len(s) > maxCallbackData {
			s = s[:maxCallbackData]
		}
	}
	return s
}

// id is the sentence or paragraph id a button is about, or "": the first
// of a "more" button's.
func (c callback) id() string {
	switch {
	case (c.kind == "src" || c.kind == "topic" || c.kind == "more") && len(c.args) == 1:
		first, _, _ := strings.Cut(c.args[0], ",")
		return first
	case c.kind == "fb" && len(c.args) == 3:
		return c.args[1]
	}
	return ""
}

func parseCallback(data string) (callback, bool) {
	f := strings.Split(data, "|")
	if len(f) < 3 {
		return callback{}, false
	}
	return callback{kind: f[0], lang: f[1], args: f[2:]}, true
}

func langCode(l search.Lang) string {
	switch l {
	case search.Traditional:
		return "t"
	case search.English:
		return "e"
	default:
		return "s"
	}
}

func langOfCode(c string) search.Lang {
	switch c {
	case "t":
		return search.Traditional
	case "e":
		return search.English
	default:
		return search.Simplified
	}
}

// onCallback answers a button press. Every press is answered, even one the
// bot cannot make sense of, or the resident's button keeps spinning.
func (b *Bot) onCallback(ctx context.Context, q *tgbotapi.CallbackQuery) error {
	c, ok := parseCallback(q.Data)
	v := b.voice(langOfCode(c.lang))
	if id := c.id(); id != "" {
		// With several reports loaded, the id says which one the button
		// is about: a paragraph, runners-up or a rating of 2024's.
		if r, found := b.engine.Find(id); found {
			v.report = r
		}
	}
	t := v.t
	ack := tgbotapi.NewCallback(q.ID, "")
	var follow *reply
	var edit *tgbotapi.InlineKeyboardMarkup
	// A rating commits while the press is answered; the update is
	// confirmed only after both.
	var rec feedback.Pending
	defer func() { b.settle(ctx, rec, "rating") }()
	switch {
	case !ok:
		ack.Text = t.expired
	case (c.kind == "src" || c.kind == "topic") && len(c.args) == 1:
		// A cited sentence's paragraph, or a topic's: both show a paragraph.
		if r, found := paragraphReply(v, c.args[0]); found {
			follow = &r
		} else {
			ack.Text = t.expired
		}
	case c.kind == "more" && len(c.args) == 1:
		if follow = moreReply(v, strings.Split(c.args[0], ",")); follow == nil {
			ack.Text = t.expired
		}
	case c.kind == "topics" && len(c.args) == 1:
		page, _ := strconv.Atoi(c.args[0])
		edit = topicsReply(v, page).keyboard
	case c.kind == "fb" && len(c.args) == 3:
		ack.Text = t.thanksDown
		if c.args[0] == "+" {
			ack.Text = t.thanksUp
		}
		rating := feedback.Rating{At: time.Now(), Rating: -1, Sentence: c.args[1], Figure: c.args[2], Report: v.report.Hash, Channel: "telegram"}
		if c.args[0] == "+" {
			rating.Rating = 1
		}
		if rating.Figure == "-" {
			rating.Figure = ""
		}
		fields := []zap.Field{zap.Int("rating", rating.Rating), zap.String("sentence", rating.Sentence), zap.String("figure", rating.Figure)}
		if q.From != nil {
			rating.Resident = b.hash(q.From.ID)
			fields = append(fields, b.resident(q.From.ID))
		}
		b.log.Info("feedback", fields...)
		rec = b.recorder.Rating(rating)
	default:
		ack.Text = t.expired
	}
	if _, err := b.client.Do(ctx, ack); err != nil {
		// A query answered late is refused for good; the follow-up still
		// helps the resident.
		b.log.Debug("callback answer refused", zap.Error(err))
	}
	if q.Message == nil || q.Message.Chat == nil {
		return nil // a button under an inline message: no chat to write to
	}
	if edit != nil {
		cfg := tgbotapi.NewEditMessageReplyMarkup(b.chatID(q.Message.Chat.ID), q.Message.MessageID, *edit)
		if _, err := b.client.Do(ctx, cfg); err != nil && ctx.Err() != nil {
			return err
		}
	}
	if follow != nil {
		return b.send(ctx, q.Message.Chat, q.Message.MessageID, *follow)
	}
	return nil
}

// voice writes the report's own words for one reader: in English where the
// report has a rendering and the reader reads English, in traditional
// characters for a traditional reader, and as the report has them
// otherwise. The engine writes answers so already; voice does the same for
// what a channel shows beside them (paragraphs, more results, topics, cards).
type voice struct {
	lang   search.Lang
	t      botTexts
	report *corpus.Report
	script func(string) string // the report's simplified text in the reader's script
	// dated is set when report is not the default one (another year's,
	// with several loaded): what names it names its year too, as the
	// engine's replies from it do.
	dated bool
}

func (b *Bot) voice(lang search.Lang) voice {
	v := voice{lang: lang, t: texts[lang], report: b.engine.Report(), script: func(s string) string { return s }}
	if lang == search.Traditional {
		v.script = b.engine.Traditional
	}
	return v
}

// reportOf is the report an answer came from: the engine may have been
// replaced since it answered (a reload), and the answer's sentence ids and
// hash are its own report's.
func (b *Bot) reportOf(a search.Answer) *corpus.Report {
	if a.Report != nil {
		return a.Report
	}
	return b.engine.Report()
}

// district is the report's district as the reader writes it: in their
// script, or in English ("" where the report names none).
func (v voice) district() string {
	return namesOf(v.report, v.script).district[v.lang]
}

// reportName is what a quote's attribution names: the district, and for
// a dated report its year ("荔湾区2024年", "Liwan District 2024").
func (v voice) reportName() string {
	d := v.district()
	switch {
	case !v.dated:
		return d
	case v.lang == search.English:
		return strings.TrimSpace(d + " " + v.report.Year)
	}
	return d + v.report.Year + "年"
}

// english is the rendering of a sentence for an English reader, or "" for
// another reader or a sentence the report has none for: the reader then
// gets the Chinese, which is better than nothing.
func (v voice) english(id string) string {
	if v.lang != search.English {
		return ""
	}
	return v.report.English[id]
}

// topic is the topic of a paragraph (or of the paragraph a sentence id
// names), as the reader reads it.
func (v voice) topic(id string) string {
	p, ok := v.report.Paragraph(id)
	if !ok || p.Topic == "" {
		return ""
	}
	if v.lang == search.English {
		if en := v.report.EnglishTopics[p.ID]; en != "" {
			return en
		}
	}
	return v.script(p.Topic)
}

// quote is a sentence quoted for the reader: for an English reader its
// English, marked unofficial, then the report's own words; otherwise the
// report's words in the reader's script.
func (v voice) quote(zh, en string) string {
	if v.lang == search.English && en != "" {
		return fmt.Sprintf("“%s” %s\n%s “%s”", en, v.t.unofficial, v.t.official, zh)
	}
	return "“" + v.script(zh) + "”"
}

// boldPhrases readies phrases for renderHTML, which finds them in the
// lower-cased text: an English sentence is bold only if its phrase is
// lower-cased too.
func boldPhrases(phrases ...string) []string {
	out := make([]string, 0, len(phrases))
	for _, p := range phrases {
		out = append(out, strings.ToLower(p))
	}
	return out
}

// paragraphReply shows the whole paragraph id (a paragraph or one of its
// sentences) names, with that sentence in bold. An English reader gets the
// paragraph's English first, marked unofficial, then the report's own words.
func paragraphReply(v voice, id string) (reply, bool) {
	p, ok := v.report.Paragraph(id)
	if !ok {
		return reply{}, false
	}
	var zh, en strings.Builder
	var bold []string
	for _, s := range p.Sentences {
		text := v.script(s.Text)
		zh.WriteString(text)
		if e := v.english(s.ID); e != "" {
			if en.Len() > 0 {
				en.WriteString(" ")
			}
			en.WriteString(e)
			if s.ID == id {
				bold = append(bold, e)
			}
		}
		if s.ID == id {
			bold = append(bold, text)
		}
	}
	head := v.t.paragraph
	if topic := v.topic(p.ID); topic != "" {
		head += " · " + topic
	}
	text := head + "\n"
	if en.Len() > 0 {
		text += en.String() + "\n" + v.t.unofficial + "\n\n" + v.t.official + "\n"
	}
	text += zh.String()
	return reply{text: text, bold: boldPhrases(append(bold, head)...)}, true
}

// moreReply lists the runners-up an answer named, or returns nil if it
// names none the report has.
func moreReply(v voice, ids []string) *reply {
	byID := map[string]corpus.Sentence{}
	for _, s := range v.report.Sentences() {
		byID[s.ID] = s
	}
	var b strings.Builder
	b.WriteString(v.t.more)
	n := 0
	for _, id := range ids {
		s, ok := byID[id]
		if !ok {
			continue
		}
		n++
		fmt.Fprintf(&b, "\n\n%d. %s", n, v.quote(s.Text, v.english(s.ID)))
		if topic := v.topic(s.ID); topic != "" {
			fmt.Fprintf(&b, " · %s", topic)
		}
	}
	if n == 0 {
		return nil
	}
	return &reply{text: b.String(), bold: boldPhrases(v.t.more)}
}

// topicsPerPage keeps the topic list on one screen of a phone.
const topicsPerPage = 12

// topicsReply lists the report's topics as buttons, a page at a time.
func topicsReply(v voice, page int) reply {
	t := v.t
	var topics []corpus.Paragraph
	for _, p := range v.report.Paragraphs {
		if p.Topic != "" {
			topics = append(topics, p)
		}
	}
	if len(topics) == 0 {
		return reply{text: t.noTopics}
	}
	// Chinese topics are a few characters and go two to a row; English
	// ones run to eighty letters, which two to a row would cut short.
	perRow := 2
	if v.lang == search.English {
		perRow = 1
	}
	pages := (len(topics) + topicsPerPage - 1) / topicsPerPage
	page = max(0, min(page, pages-1))
	code := langCode(v.lang)
	var rows [][]tgbotapi.InlineKeyboardButton
	shown := topics[page*topicsPerPage : min(len(topics), (page+1)*topicsPerPage)]
	for i := 0; i < len(shown); i += perRow {
		var row []tgbotapi.InlineKeyboardButton
		for _, p := range shown[i:min(i+perRow, len(shown))] {
			row = append(row, tgbotapi.NewInlineKeyboardButtonData(v.topic(p.ID), callback{kind: "topic", lang: code, args: []string{p.ID}}.String()))
		}
		rows = append(rows, row)
	}
	var nav []tgbotapi.InlineKeyboardButton
	if page > 0 {
		nav = append(nav, tgbotapi.NewInlineKeyboardButtonData(t.prevButton, callback{kind: "topics", lang: code, args: []string{strconv.Itoa(page - 1)}}.String()))
	}
	if page < pages-1 {
		nav = append(nav, tgbotapi.NewInlineKeyboardButtonData(t.nextButton, callback{kind: "topics", lang: code, args: []string{strconv.Itoa(page + 1)}}.String()))
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return reply{text: t.topics, keyboard: &kb}
}

// inlineCacheSeconds is short so that staff testing a change see the new
// answer, not Telegram's cached one.
const inlineCacheSeconds = 10

// maxInlineResults is how many cards an inline query offers.
const maxInlineResults = 5

// onInline answers "@bot question" typed in any chat with answer cards: the
// figure first, then the sentences it stands on.
func (b *Bot) onInline(ctx context.Context, q *tgbotapi.InlineQuery) error {
	lang := langOfUser(q.From)
	cfg := tgbotapi.InlineConfig{InlineQueryID: q.ID, CacheTime: inlineCacheSeconds, Results: []interface{}{}}
	question := strings.TrimSpace(q.Query)
	if question == "" {
		cfg.SwitchPMText, cfg.SwitchPMParameter = texts[lang].inlineHelp, "inline"
		_, err := b.client.Do(ctx, cfg)
		return err
	}
	a := b.engine.Answer(ctx, question)
	if q.From != nil {
		b.log.Info("inline question answered", b.resident(q.From.ID), zap.String("lang", string(a.Lang)), zap.String("outcome", string(a.Outcome)))
	}
	v := b.voice(a.Lang)
	v.report = b.reportOf(a)
	v.dated = v.report.Year != "" && v.report.Year != b.engine.Report().Year
	cfg.Results = inlineResults(a, v)
	_, err := b.client.Do(ctx, cfg)
	return err
}

// inlineResults are the cards for an answer, written for v's reader (the
// question's language): a card's title and description are all a resident
// reads before choosing one.
func inlineResults(a search.Answer, v voice) []interface{} {
	t := v.t
	full := answerText(a)
	if !a.Answered() {
		card := tgbotapi.NewInlineQueryResultArticleHTML("none", t.inlineNoAnswer, full.parts()[0])
		card.Description = a.Text
		return []interface{}{card}
	}
	var out []interface{}
	top := a.Sources[0]
	if a.Figure != nil {
		card := tgbotapi.NewInlineQueryResultArticleHTML("f:"+top.ID, figureTitle(a), full.parts()[0])
		card.Description = v.description(top)
		out = append(out, card)
	}
	for i, s := range a.Sources {
		if len(out) == maxInlineResults {
			break
		}
		if i > 0 && s.Score < runnerUpScore {
			break
		}
		topic := v.sourceTopic(s)
		line := t.source(v.reportName())
		if topic != "" {
			line += " · " + topic
		}
		quote := reply{text: v.quote(s.Text, s.TextEN) + "\n" + line, bold: a.TextTerms}
		title := topic
		if title == "" {
			title = t.paragraph
		}
		card := tgbotapi.NewInlineQueryResultArticleHTML("s:"+s.ID, title, quote.parts()[0])
		card.Description = v.description(s)
		out = append(out, card)
	}
	return out
}

// figureTitle is the figure card's title: for an English reader the
// engine's English figure line, which it writes first ("Childcare places:
// more than 6,500 (超6500个)"), without the report's own form of the
// figure, which the card's message keeps; the figure as the report states
// it otherwise.
func figureTitle(a search.Answer) string {
	if a.Lang == search.English {
		first, _, _ := strings.Cut(a.Text, "\n")
		if own := " (" + a.Figure.Text + ")"; strings.HasSuffix(first, own) {
			return strings.TrimSuffix(first, own)
		}
	}
	return a.Figure.Text
}

// description is a card's line under its title: the sentence, in English
// for an English reader where the report has it.
func (v voice) description(s search.Source) string {
	if v.lang == search.English && s.TextEN != "" {
		return s.TextEN
	}
	return v.script(s.Text)
}

func (v voice) sourceTopic(s search.Source) string {
	if v.lang == search.English && s.TopicEN != "" {
		return s.TopicEN
	}
	return v.script(s.Topic)
}
