package corpus_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

// parseReport parses the embedded 2025 report, failing the test if it cannot.
func parseReport(t testing.TB) *corpus.Report {
	t.Helper()
	r, err := corpus.Parse(seeds.Report)
	if err != nil {
		t.Fatalf("Parse(seeds.Report): %v", err)
	}
	return r
}

// findSentence returns the only sentence of r whose text contains part.
func findSentence(t testing.TB, r *corpus.Report, part string) corpus.Sentence {
	t.Helper()
	var found []corpus.Sentence
	for _, s := range r.Sentences() {
		if strings.Contains(s.Text, part) {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		var ids []string
		for _, s := range found {
			ids = append(ids, s.ID)
		}
		t.Fatalf("%d sentences contain %q (%v), want exactly 1", len(found), part, ids)
	}
	return found[0]
}

// The observed hash of seeds/liwan-2025.txt. Recorded answers cite it; if the
// report text is edited on purpose, update this constant (and the golden
// answers that depend on the text).
const reportHash = "708d4933e4a79d28"

const reportTitle = "@荔湾街坊2025荔湾工作重点来了!涉及你的“衣食住行”|聚“荔”新发展⑱"

func TestParseTitleAndHash(t *testing.T) {
	r := parseReport(t)
	if r.Title != reportTitle {
		t.Errorf("Title = %q, want %q", r.Title, reportTitle)
	}
	if r.Hash != reportHash {
		t.Errorf("Hash = %q, want %q (did seeds/liwan-2025.txt change?)", r.Hash, reportHash)
	}
	if len(r.Hash) != 16 {
		t.Errorf("len(Hash) = %d, want 16", len(r.Hash))
	}
	if _, err := hex.DecodeString(r.Hash); err != nil || strings.ToLower(r.Hash) != r.Hash {
		t.Errorf("Hash %q is not 16 lower-case hex digits: %v", r.Hash, err)
	}
	sum := sha256.Sum256([]byte(seeds.Report))
	if want := hex.EncodeToString(sum[:8]); r.Hash != want {
		t.Errorf("Hash = %q, want the first 8 bytes of the SHA-256 of the text, %q", r.Hash, want)
	}
	// Stable: parsing again gives the same hash and the same report.
	again := parseReport(t)
	if again.Hash != r.Hash {
		t.Errorf("second Parse gave Hash %q, first %q", again.Hash, r.Hash)
	}
	if !reflect.DeepEqual(again, r) {
		t.Errorf("second Parse of the same text gave a different report")
	}
}

func TestParseHashTracksExactText(t *testing.T) {
	r := parseReport(t)
	variants := map[string]string{
		"extra trailing newline": seeds.Report + "\n",
		"CRLF line ends":         strings.ReplaceAll(seeds.Report, "\n", "\r\n"),
		"one figure changed":     strings.Replace(seeds.Report, "5040个", "5041个", 1),
	}
	seen := map[string]string{r.Hash: "original"}
	for name, text := range variants {
		v, err := corpus.Parse(text)
		if err != nil {
			t.Fatalf("%s: Parse: %v", name, err)
		}
		if len(v.Hash) != 16 {
			t.Errorf("%s: len(Hash) = %d, want 16", name, len(v.Hash))
		}
		if prev, dup := seen[v.Hash]; dup {
			t.Errorf("%s: Hash %q equals that of %s", name, v.Hash, prev)
		}
		seen[v.Hash] = name
	}
}

// Blank lines, CRLF line ends, a byte order mark and surrounding spaces must
// not shift any ID or change any text: IDs count non-empty lines only.
func TestParseLayoutDoesNotShiftIDs(t *testing.T) {
	r := parseReport(t)
	lines := strings.Split(seeds.Report, "\n")
	var b strings.Builder
	b.WriteString("\ufeff")
	for i, l := range lines {
		b.WriteString("  " + l + " \t\r\n")
		if i%3 == 0 {
			b.WriteString("\r\n   \n\t\n")
		}
	}
	messy, err := corpus.Parse(b.String())
	if err != nil {
		t.Fatalf("Parse(messy layout): %v", err)
	}
	if messy.Title != r.Title {
		t.Errorf("Title = %q, want %q (BOM and spaces should be trimmed)", messy.Title, r.Title)
	}
	if messy.Hash == r.Hash {
		t.Errorf("Hash did not change although the text did")
	}
	messy.Hash = r.Hash
	if !reflect.DeepEqual(messy, r) {
		t.Errorf("messy layout changed paragraphs or sentences")
	}
}

func TestParseParagraphIDsAndTopics(t *testing.T) {
	r := parseReport(t)
	// Every paragraph of the report: its ID, the number of sentences and its
	// topic. Paragraph IDs start at p2 (the title is line p1).
	want := []struct {
		id        string
		sentences int
		topic     string
	}{
		{"p2", 3, ""},
		{"p3", 6, ""},
		{"p4", 4, "积极融入粤港澳大湾区建设"},
		{"p5", 3, "加快建设重大项目"},
		{"p6", 2, "加大力度招商引资"},
		{"p7", 1, ""},
		{"p8", 3, "全力壮大现代都市工业"},
		{"p9", 5, "着力发展生产性服务业"},
		{"p10", 5, "大力做强现代商贸业"},
		{"p11", 7, "打造白鹅潭商务区新高地"},
		{"p12", 5, "打造文商旅活力区金名片"},
		{"p13", 4, "建设海龙围科创区强引擎"},
		{"p14", 5, "拓展产业载体新空间"},
		{"p15", 5, "构筑科技创新高地"},
		{"p16", 5, "打造荔湾教育品牌"},
		{"p17", 5, "厚植人才发展沃土"},
		{"p18", 4, "深入推进营商环境改革"},
		{"p19", 5, "全面优化助企惠企服务"},
		{"p20", 8, "做深做细做优城市规划"},
		{"p21", 4, "加快完善基础设施建设"},
		{"p22", 5, "大力实施乡村全面振兴"},
		{"p23", 3, ""},
		{"p24", 3, ""},
		{"p25", 4, ""},
		{"p26", 6, ""},
		{"p27", 4, ""},
		{"p28", 2, ""},
		{"p29", 2, ""},
		{"p30", 3, ""},
		{"p31", 4, ""},
	}
	if len(r.Paragraphs) != len(want) {
		t.Fatalf("got %d paragraphs, want %d", len(r.Paragraphs), len(want))
	}
	total := 0
	for i, w := range want {
		p := r.Paragraphs[i]
		total += w.sentences
		t.Run(w.id, func(t *testing.T) {
			if p.ID != w.id {
				t.Errorf("paragraph %d: ID = %q, want %q", i, p.ID, w.id)
			}
			if p.Topic != w.topic {
				t.Errorf("%s: Topic = %q, want %q", p.ID, p.Topic, w.topic)
			}
			if len(p.Sentences) != w.sentences {
				t.Errorf("%s: %d sentences, want %d", p.ID, len(p.Sentences), w.sentences)
			}
			for j, s := range p.Sentences {
				if wantID := fmt.Sprintf("%s.s%d", p.ID, j+1); s.ID != wantID {
					t.Errorf("sentence %d of %s: ID = %q, want %q", j, p.ID, s.ID, wantID)
				}
				if s.Topic != p.Topic {
					t.Errorf("%s: Topic = %q, want the paragraph's %q", s.ID, s.Topic, p.Topic)
				}
				wantHeading := j == 0 && p.Topic != ""
				if s.Heading != wantHeading {
					t.Errorf("%s: Heading = %v, want %v", s.ID, s.Heading, wantHeading)
				}
				if s.Heading && strings.TrimRight(s.Text, "。；？！;?!") != p.Topic {
					t.Errorf("%s: heading text %q does not match topic %q", s.ID, s.Text, p.Topic)
				}
				if s.Text == "" || strings.TrimSpace(s.Text) != s.Text {
					t.Errorf("%s: Text %q is empty or untrimmed", s.ID, s.Text)
				}
				if !reflect.DeepEqual(s.Figures, corpus.ExtractFigures(s.Text)) {
					t.Errorf("%s: Figures differ from ExtractFigures(Text)", s.ID)
				}
			}
		})
	}
	if got := len(r.Sentences()); got != total {
		t.Errorf("Sentences() returned %d sentences, want %d", got, total)
	}
}

func TestParseSentenceIDs(t *testing.T) {
	r := parseReport(t)
	tests := []struct {
		part    string // a piece of the sentence's text
		id      string
		topic   string
		heading bool
	}{
		{"新增优质公办基础教育学位5040个", "p16.s4", "打造荔湾教育品牌", false},
		{"打造荔湾教育品牌。", "p16.s1", "打造荔湾教育品牌", true},
		{"积极融入粤港澳大湾区建设。", "p4.s1", "积极融入粤港澳大湾区建设", true},
		{"新缔结一批粤港澳姊妹学校", "p4.s4", "积极融入粤港澳大湾区建设", false},
		{"4月17日,广州市荔湾区十七届人大五次会议", "p2.s1", "", false},
		{"2025年,荔湾区将怎么干?", "p2.s3", "", false}, // ASCII question mark
		{"地区生产总值增长5%左右;", "p3.s1", "", false},  // ASCII semicolon
		{"新增就业1万人以上;", "p3.s5", "", false},
		{"空气质量PM2.5达标率", "p3.s6", "", false},
		{"锚定全区固定资产投资535亿元目标", "p5.s2", "加快建设重大项目", false},
		{"坚持“实体经济为本、现代都市工业立区”", "p7.s1", "", false},
		{"大力引进五星级标准酒店。", "p11.s4", "打造白鹅潭商务区新高地", false},
		{"打造十五分钟产业生态圈", "p13.s2", "建设海龙围科创区强引擎", false},
		{"全年力争建成16个产业载体", "p14.s3", "拓展产业载体新空间", false},
		{"新开工项目23个、面积251.05万平方米", "p14.s4", "拓展产业载体新空间", false},
		{"力争全年新开工留用地项目11个", "p14.s5", "拓展产业载体新空间", false},
		{"新增国家级专精特新“小巨人”企业1-2家", "p15.s5", "构筑科技创新高地", false},
		{"科学开展“十四五”规划落实情况评估", "p20.s2", "做深做细做优城市规划", false},
		// A short heading-like sentence in the middle of a paragraph is not its heading.
		{"加力提速推进城市更新。", "p20.s4", "做深做细做优城市规划", false},
		{"力争城市更新完成投资125亿元", "p20.s6", "做深做细做优城市规划", false},
		{"岭南V谷周边道路等35条、12.4公里道路建成通车", "p21.s2", "加快完善基础设施建设", false},
		{"新增9万平方米绿地。", "p23.s1", "", false},
		{"聚龙湾片区两大美丽单元", "p23.s3", "", false},
		{"“华光祖师诞”等活动;", "p26.s5", "", false},
		{"开展1000场文化惠民演出。", "p26.s6", "", false},
		{"构建四大美食集聚区“4+N+N”三年培育路径", "p27.s4", "", false},
		{"开展技能培训不少于1万人次", "p29.s2", "", false},
		{"打造3-5个中医临床重点", "p30.s3", "", false},
		{"争取全区托位总量超6500个。", "p31.s4", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s := findSentence(t, r, tt.part)
			if s.ID != tt.id {
				t.Errorf("sentence with %q: ID = %q, want %q", tt.part, s.ID, tt.id)
			}
			if s.Topic != tt.topic {
				t.Errorf("%s: Topic = %q, want %q", s.ID, s.Topic, tt.topic)
			}
			if s.Heading != tt.heading {
				t.Errorf("%s: Heading = %v, want %v", s.ID, s.Heading, tt.heading)
			}
			p, ok := r.Paragraph(s.ID)
			if !ok {
				t.Fatalf("Paragraph(%q) not found", s.ID)
			}
			if p.Topic != tt.topic {
				t.Errorf("Paragraph(%q).Topic = %q, want %q", s.ID, p.Topic, tt.topic)
			}
		})
	}
}

func TestParseHeadings(t *testing.T) {
	r := parseReport(t)
	// Headings of the real report are detected…
	for _, h := range []string{
		"积极融入粤港澳大湾区建设。",
		"加快建设重大项目。",
		"打造荔湾教育品牌。",
		"做深做细做优城市规划。",
		"大力实施乡村全面振兴。",
	} {
		s := findSentence(t, r, h)
		if !s.Heading || s.Topic != strings.TrimSuffix(h, "。") {
			t.Errorf("%s %q: Heading = %v, Topic = %q; want a heading", s.ID, h, s.Heading, s.Topic)
		}
	}
	// …and long or punctuated first sentences are not headings.
	for _, first := range []string{
		"全面开展国土空间绿化、古树公园及口袋公园建设,新增9万平方米绿地。",
		"开展陈家祠片区景观及基础设施整治,改善周边环境品质。",
		"推动国家文化产业和旅游产业融合发展示范区创建尽快通过国家验收。",
		"4月17日,广州市荔湾区十七届人大五次会议在荔湾区会议中心召开。",
		"2025年,荔湾区经济社会发展主要预期目标是:地区生产总值增长5%左右;",
	} {
		s := findSentence(t, r, first)
		if !strings.HasSuffix(s.ID, ".s1") {
			t.Fatalf("%q is %s, expected a first sentence", first, s.ID)
		}
		if s.Heading || s.Topic != "" {
			t.Errorf("%s %q: Heading = %v, Topic = %q; want no heading", s.ID, first, s.Heading, s.Topic)
		}
	}
}

func TestParseHeadingRules(t *testing.T) {
	tests := []struct {
		name      string
		paragraph string
		topic     string
	}{
		{"short first sentence", "积极融入粤港澳大湾区建设。如加强谋划。", "积极融入粤港澳大湾区建设"},
		{"only sentence is no heading", "积极融入粤港澳大湾区建设。", ""},
		{"long sentence with comma", "全面开展国土空间绿化、古树公园及口袋公园建设,新增9万平方米绿地。深入实施河湖长制。", ""},
		{"16 runes", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰。正文。", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰"},
		{"17 runes", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳。正文。", ""},
		{"digit", "新增5个项目。正文。", ""},
		{"enumeration comma", "教育、医疗。正文。", ""},
		{"ASCII comma", "教育,医疗。正文。", ""},
		{"full-width comma", "教育，医疗。正文。", ""},
		{"full-width colon", "目标：发展。正文。", ""},
		{"ASCII colon", "目标:发展。正文。", ""},
		{"ASCII semicolon end", "加快建设重大项目;正文。", "加快建设重大项目"},
		{"repeated marks trimmed", "加快建设重大项目!!正文。", "加快建设重大项目"},
		{"Chinese numeral allowed", "打造四大美食集聚区。正文。", "打造四大美食集聚区"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := corpus.Parse("标题\n" + tt.paragraph)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			p := r.Paragraphs[0]
			if p.Topic != tt.topic {
				t.Errorf("Topic = %q, want %q", p.Topic, tt.topic)
			}
			if got, want := p.Sentences[0].Heading, tt.topic != ""; got != want {
				t.Errorf("first sentence Heading = %v, want %v", got, want)
			}
			for _, s := range p.Sentences[1:] {
				if s.Heading {
					t.Errorf("%s %q is marked as heading", s.ID, s.Text)
				}
				if s.Topic != tt.topic {
					t.Errorf("%s Topic = %q, want %q", s.ID, s.Topic, tt.topic)
				}
			}
		})
	}
}

func TestReportParagraphLookup(t *testing.T) {
	r := parseReport(t)
	tests := []struct {
		id     string
		wantID string // "" when the lookup must fail
		topic  string
	}{
		{"p16.s4", "p16", "打造荔湾教育品牌"},
		{"p16", "p16", "打造荔湾教育品牌"},
		{"p2", "p2", ""},
		{"p2.s1", "p2", ""},
		{"p31", "p31", ""},
		{"p31.s4", "p31", ""},
		{"p14.s3", "p14", "拓展产业载体新空间"},
		// Only the paragraph part of a sentence ID is looked at.
		{"p16.s99", "p16", "打造荔湾教育品牌"},
		{"p1", "", ""}, // the title is not a paragraph
		{"p32", "", ""},
		{"p0", "", ""},
		{"", "", ""},
		{"16", "", ""},
		{"P16", "", ""},
		{"p16 ", "", ""},
		{"p016", "", ""},
		{".s1", "", ""},
		{"p3x", "", ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.id), func(t *testing.T) {
			p, ok := r.Paragraph(tt.id)
			if ok != (tt.wantID != "") {
				t.Fatalf("Paragraph(%q) ok = %v, want %v", tt.id, ok, tt.wantID != "")
			}
			if !ok {
				if p.ID != "" || p.Sentences != nil {
					t.Errorf("Paragraph(%q) returned %+v with ok=false, want the zero value", tt.id, p)
				}
				return
			}
			if p.ID != tt.wantID || p.Topic != tt.topic {
				t.Errorf("Paragraph(%q) = %s %q, want %s %q", tt.id, p.ID, p.Topic, tt.wantID, tt.topic)
			}
		})
	}
	// Every sentence finds the paragraph that holds it.
	for _, p := range r.Paragraphs {
		for _, s := range p.Sentences {
			got, ok := r.Paragraph(s.ID)
			if !ok || got.ID != p.ID {
				t.Errorf("Paragraph(%q) = %q, %v; want %q", s.ID, got.ID, ok, p.ID)
			}
		}
	}
}

func TestReportSentencesOrderAndUniqueness(t *testing.T) {
	r := parseReport(t)
	all := r.Sentences()
	seen := map[string]bool{}
	k := 0
	for _, p := range r.Paragraphs {
		for _, s := range p.Sentences {
			if k >= len(all) || !reflect.DeepEqual(all[k], s) {
				t.Fatalf("Sentences()[%d] is not %s", k, s.ID)
			}
			k++
		}
	}
	for _, s := range all {
		if seen[s.ID] {
			t.Errorf("duplicate sentence ID %q", s.ID)
		}
		seen[s.ID] = true
	}
	if k != len(all) {
		t.Errorf("Sentences() has %d sentences, paragraphs hold %d", len(all), k)
	}
	// Sentences reassembled per line give back the report line, less spaces.
	lines := nonEmptyLines(seeds.Report)
	for i, p := range r.Paragraphs {
		var b strings.Builder
		for _, s := range p.Sentences {
			b.WriteString(s.Text)
		}
		if b.String() != lines[i+1] {
			t.Errorf("%s: sentences join to %q, want line %q", p.ID, b.String(), lines[i+1])
		}
	}
	var empty corpus.Report
	if got := empty.Sentences(); len(got) != 0 {
		t.Errorf("empty report has %d sentences", len(got))
	}
	if _, ok := empty.Paragraph("p2"); ok {
		t.Errorf("empty report found paragraph p2")
	}
}

func nonEmptyLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"empty":                        "",
		"only newlines":                "\n\n\r\n",
		"only title":                   "荔湾区2025年政府工作报告",
		"only title and blank lines":   "\n  \n荔湾区2025年政府工作报告\n\t\n \r\n",
		"title behind a BOM":           "\ufeff荔湾区2025年政府工作报告\n",
		"invalid UTF-8 in body":        "标题\n新增学位5040个\xff。",
		"invalid UTF-8 in title":       "\xc3\x28标题\n正文。",
		"truncated multi-byte rune":    "标题\n正文\xe4\xb8",
		"report with one invalid byte": strings.Replace(seeds.Report, "5040", "50\x8040", 1),
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			r, err := corpus.Parse(text)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", text, r)
			}
			if r != nil {
				t.Errorf("Parse returned a report along with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "corpus: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestParseMinimal(t *testing.T) {
	r, err := corpus.Parse("标题\n正文")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if r.Title != "标题" || len(r.Paragraphs) != 1 {
		t.Fatalf("got title %q and %d paragraphs", r.Title, len(r.Paragraphs))
	}
	p := r.Paragraphs[0]
	if p.ID != "p2" || p.Topic != "" || len(p.Sentences) != 1 {
		t.Fatalf("got paragraph %+v", p)
	}
	s := p.Sentences[0]
	if s.ID != "p2.s1" || s.Text != "正文" || s.Heading || s.Topic != "" || len(s.Figures) != 0 {
		t.Errorf("got sentence %+v", s)
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"only spaces", " \t\r\n\u3000", nil},
		{"no end mark", "没有句号的一段话", []string{"没有句号的一段话"}},
		{"full stop", "甲。乙。", []string{"甲。", "乙。"}},
		{"all full-width marks", "甲。乙；丙？丁！戊", []string{"甲。", "乙；", "丙？", "丁！", "戊"}},
		{"ASCII marks", "a;b?c!d", []string{"a;", "b?", "c!", "d"}},
		{"report question", "当天,2025年荔湾区政府工作报告正式出炉。2025年,荔湾区将怎么干?",
			[]string{"当天,2025年荔湾区政府工作报告正式出炉。", "2025年,荔湾区将怎么干?"}},
		{"commas do not split", "甲,乙，丙、丁:戊：己。", []string{"甲,乙，丙、丁:戊：己。"}},
		{"ASCII full stop does not split", "a.b. c", []string{"a.b. c"}},
		{"decimal", "建成12.4公里道路。完成47.6万平方米征收。",
			[]string{"建成12.4公里道路。", "完成47.6万平方米征收。"}},
		{"decimal at end", "增长2.5", []string{"增长2.5"}},
		{"PM2.5", "空气质量PM2.5达标率提升。下一句", []string{"空气质量PM2.5达标率提升。", "下一句"}},
		{"closing curly quote", "他说:“好。”然后。", []string{"他说:“好。”", "然后。"}},
		{"closing single quote", "‘好！’然后", []string{"‘好！’", "然后"}},
		{"closing corner brackets", "「好。」『是？』然后", []string{"「好。」", "『是？』", "然后"}},
		{"closing book title", "《好。》然后", []string{"《好。》", "然后"}},
		{"closing parentheses", "(好。)（是！）然后", []string{"(好。)", "（是！）", "然后"}},
		{"closing lenticular bracket", "【好。】然后", []string{"【好。】", "然后"}},
		{"closing square bracket", "[好。]然后", []string{"[好。]", "然后"}},
		{"ASCII double quote closes", "\"好。\"然后", []string{"\"好。\"", "然后"}},
		{"several closers", "“《好。》”)然后", []string{"“《好。》”)", "然后"}},
		{"repeated marks", "终于！！！好", []string{"终于！！！", "好"}},
		{"mixed marks", "真的?!是。", []string{"真的?!", "是。"}},
		{"mark then closer then mark", "好。”！然后", []string{"好。”！", "然后"}},
		{"only a mark", "。", []string{"。"}},
		{"only marks", "。。？", []string{"。。？"}},
		{"spaces trimmed", "  甲。  乙。 \t", []string{"甲。", "乙。"}},
		{"spaces inside kept", "甲 乙。丙", []string{"甲 乙。", "丙"}},
		{"opening quote starts next sentence", "甲。“乙。”", []string{"甲。", "“乙。”"}},
		{"opening bracket starts next sentence", "甲。(乙)", []string{"甲。", "(乙)"}},
		{"emoji", "好😀。👍🏽好", []string{"好😀。", "👍🏽好"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := corpus.SplitSentences(tt.in)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitSentencesRealParagraphs(t *testing.T) {
	lines := nonEmptyLines(seeds.Report)
	tests := []struct {
		start string // the paragraph's first characters
		want  []string
	}{
		{"2025年,荔湾区经济社会发展", []string{
			"2025年,荔湾区经济社会发展主要预期目标是:地区生产总值增长5%左右;",
			"固定资产投资完成535亿元;",
			"区级一般公共预算收入增长3%;",
			"城市居民收入增长与经济增长同步;",
			"新增就业1万人以上;",
			"空气质量PM2.5达标率和地表水水质优良率均完成市下达的目标任务。",
		}},
		{"积极融入粤港澳大湾区建设", []string{
			"积极融入粤港澳大湾区建设。",
			"如加强谋划广佛衔接通道、跨江通道、轨道交通站点等,进一步推动湾区“硬联通”。",
			"深化荔湾粤港澳大湾区医药健康综合试验区建设,做好“港澳药械通”试点,深化港澳医疗合作。",
			"新缔结一批粤港澳姊妹学校,持续办好粤港澳青少年交流等活动。",
		}},
		{"加快建设游客服务中心", []string{
			"加快建设游客服务中心,完善历史文化街区慢行导视系统。",
			"依托非遗、生态景观等资源,打造文化主题游览精品线路,促进潮流元素与岭南文化相融合。",
			"积极培育赛事经济、国货“潮品”等消费新增长点,深化“荔湾礼物”IP打造,推动广州酒家、陶陶居等老字号持续焕新。",
			"构建四大美食集聚区“4+N+N”三年培育路径,建设集美食体验、文化展示、休闲娱乐于一体的综合街区。",
		}},
	}
	for _, tt := range tests {
		var line string
		for _, l := range lines {
			if strings.HasPrefix(l, tt.start) {
				line = l
			}
		}
		if line == "" {
			t.Fatalf("no report line starts with %q", tt.start)
		}
		if got := corpus.SplitSentences(line); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitSentences(%q…)\n got %q\nwant %q", tt.start, got, tt.want)
		}
	}
}

func BenchmarkParseReport(b *testing.B) {
	for b.Loop() {
		if _, err := corpus.Parse(seeds.Report); err != nil {
			b.Fatal(err)
		}
	}
}
