package telegramtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// maxTextLength is Telegram's limit on a message's text after entity
// parsing, in UTF-16 code units.
const maxTextLength = 4096

// entity is a MessageEntity as Telegram returns it.
type entity struct {
	Type     string `json:"type"`
	Offset   int    `json:"offset"`
	Length   int    `json:"length"`
	URL      string `json:"url,omitempty"`
	Language string `json:"language,omitempty"`
}

// formatted is a message text after parse_mode processing.
type formatted struct {
	text     string
	entities []entity
}

// formatText turns a text parameter into what Telegram stores: the plain
// text and its entities, trimmed of surrounding white space, or the error
// Telegram gives. Only HTML is parsed; Markdown and MarkdownV2 texts are
// accepted unchecked and kept verbatim (the fake does not validate them).
func formatText(text, parseMode string) (formatted, error) {
	if !utf8.ValidString(text) {
		return formatted{}, badRequest("text must be encoded in UTF-8")
	}
	if strings.TrimSpace(text) == "" {
		return formatted{}, badRequest("message text is empty")
	}
	f := formatted{text: text}
	switch strings.ToLower(parseMode) {
	case "", "markdown", "markdownv2":
	case "html":
		plain, ents, err := parseHTML(text)
		if err != nil {
			return formatted{}, badRequest("can't parse entities: %v", err)
		}
		f = formatted{text: plain, entities: ents}
	default:
		return formatted{}, badRequest("unsupported parse_mode")
	}
	f = f.trimmed()
	if f.text == "" {
		return formatted{}, badRequest("message text is empty")
	}
	if utf16Len(f.text) > maxTextLength {
		return formatted{}, badRequest("message is too long")
	}
	return f, nil
}

// trimmed strips leading and trailing white space as Telegram does,
// shifting and clipping the entities.
func (f formatted) trimmed() formatted {
	text := strings.TrimLeftFunc(f.text, unicode.IsSpace)
	shift := utf16Len(f.text[:len(f.text)-len(text)])
	text = strings.TrimRightFunc(text, unicode.IsSpace)
	size := utf16Len(text)
	out := formatted{text: text}
	for _, e := range f.entities {
		start, end := max(e.Offset-shift, 0), min(e.Offset+e.Length-shift, size)
		if end > start {
			e.Offset, e.Length = start, end-start
			out.entities = append(out.entities, e)
		}
	}
	return out
}

// key is the canonical JSON of the entities, to detect unmodified edits.
func (f formatted) key() string {
	if len(f.entities) == 0 {
		return ""
	}
	return string(mustJSON(f.entities))
}

// apply sets the message's text and entities.
func (f formatted) apply(m map[string]any) {
	m["text"] = f.text
	if len(f.entities) == 0 {
		delete(m, "entities")
		return
	}
	m["entities"] = json.RawMessage(f.key())
}

// htmlTags are the tags Telegram's HTML parse mode supports.
var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "code": true, "pre": true,
	"tg-spoiler": true, "span": true, "blockquote": true,
}

// htmlEntityTypes maps tags to MessageEntity types; a, code and pre need
// more care and are handled in closeTag.
var htmlEntityTypes = map[string]string{
	"b": "bold", "strong": "bold", "i": "italic", "em": "italic",
	"u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
	"del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler", "blockquote": "blockquote",
}

// openTag is a start tag waiting for its end tag.
type openTag struct {
	name   string
	arg    string // href, code language, span class or "expandable"
	offset int    // UTF-16 offset in the plain text
	start  int    // byte offset in the plain text
}

// parseHTML follows the algorithm of Telegram's own parser (tdlib's
// parse_html) and reproduces its error messages, which carry byte offsets
// into the original text. One deliberate difference: tdlib keeps an "&"
// that starts no entity as a literal character, while the Bot API
// documentation says every "&" outside a tag or entity must be escaped; the
// fake enforces the documentation, so an unescaped "&" is an error here.
func parseHTML(src string) (string, []entity, error) {
	n := len(src)
	var out strings.Builder
	var stack []openTag
	var ents []entity
	u16 := 0
	for i := 0; i < n; {
		c := src[i]
		if c == '&' {
			r, next, ok := decodeHTMLEntity(src, i)
			if !ok {
				return "", nil, fmt.Errorf(`Character "&" at byte offset %d must be escaped as "&amp;"`, i)
			}
			out.WriteRune(r)
			u16 += utf16.RuneLen(r)
			i = next
			continue
		}
		if c != '<' {
			r, size := utf8.DecodeRuneInString(src[i:])
			out.WriteString(src[i : i+size])
			u16 += utf16.RuneLen(r)
			i += size
			continue
		}
		begin := i
		i++
		if i < n && src[i] == '/' {
			// End tag.
			if len(stack) == 0 {
				return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", begin)
			}
			i++
			for i < n && !isHTMLSpace(src[i]) && src[i] != '>' {
				i++
			}
			endName := strings.ToLower(src[begin+2 : i])
			for i < n && isHTMLSpace(src[i]) {
				i++
			}
			if i >= n || src[i] != '>' {
				return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", begin)
			}
			i++
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if endName != "" && endName != top.name {
				return "", nil, fmt.Errorf(`Unmatched end tag at byte offset %d, expected "</%s>", found "</%s>"`, begin, top.name, endName)
			}
			if u16 > top.offset {
				ents = closeTag(ents, top, u16-top.offset, out.String()[top.start:])
			}
			continue
		}
		// Start tag.
		for i < n && !isHTMLSpace(src[i]) && src[i] != '>' {
			i++
		}
		if i >= n {
			return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		name := strings.ToLower(src[begin+1 : i])
		if !htmlTags[name] {
			return "", nil, fmt.Errorf(`Unsupported start tag "%s" at byte offset %d`, name, begin)
		}
		arg, next, err := parseAttributes(src, i, name, begin)
		if err != nil {
			return "", nil, err
		}
		i = next
		if name == "span" && arg != "spoiler" {
			return "", nil, fmt.Errorf(`Tag "span" must have class "tg-spoiler" at byte offset %d`, begin)
		}
		stack = append(stack, openTag{name: name, arg: arg, offset: u16, start: out.Len()})
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf(`Can't find end tag corresponding to start tag "%s"`, stack[len(stack)-1].name)
	}
	for i := range ents {
		if ents[i].Type == "code" {
			ents[i].Language = "" // a language only counts on <pre><code>
		}
	}
	sort.SliceStable(ents, func(a, b int) bool {
		if ents[a].Offset != ents[b].Offset {
			return ents[a].Offset < ents[b].Offset
		}
		return ents[a].Length > ents[b].Length
	})
	return out.String(), ents, nil
}

// parseAttributes reads the attributes of the start tag name (which began
// at byte begin) from position i up to and including its ">", and returns
// the one argument Telegram uses for that tag.
func parseAttributes(src string, i int, name string, begin int) (arg string, next int, err error) {
	n := len(src)
	for {
		for i < n && isHTMLSpace(src[i]) {
			i++
		}
		if i >= n {
			return "", 0, fmt.Errorf(`Unclosed start tag "%s" at byte offset %d`, name, begin)
		}
		if src[i] == '>' {
			return arg, i + 1, nil
		}
		attrBegin := i
		for i < n && !isHTMLSpace(src[i]) && src[i] != '=' && src[i] != '>' {
			i++
		}
		attr := strings.ToLower(src[attrBegin:i])
		if attr == "" {
			return "", 0, fmt.Errorf(`Empty attribute name in the tag "%s" at byte offset %d`, name, begin)
		}
		for i < n && isHTMLSpace(src[i]) {
			i++
		}
		if i >= n || src[i] != '=' {
			if name == "blockquote" && attr == "expandable" {
				arg = "expandable"
				continue
			}
			if i >= n {
				return "", 0, fmt.Errorf(`Unclosed start tag "%s" at byte offset %d`, name, begin)
			}
			return "", 0, fmt.Errorf(`Expected equal sign in declaration of an attribute of the tag "%s" at byte offset %d`, name, begin)
		}
		i++
		for i < n && isHTMLSpace(src[i]) {
			i++
		}
		if i >= n {
			return "", 0, fmt.Errorf(`Unclosed start tag "%s" at byte offset %d`, name, begin)
		}
		var value string
		if q := src[i]; q == '"' || q == '\'' {
			// A quoted string; entities are decoded, a stray "&" is kept.
			i++
			var v strings.Builder
			for i < n && src[i] != q {
				if src[i] == '&' {
					if r, after, ok := decodeHTMLEntity(src, i); ok {
						v.WriteRune(r)
						i = after
						continue
					}
				}
				v.WriteByte(src[i])
				i++
			}
			if i < n {
				i++
			}
			value = v.String()
		} else {
			// A name token: letters, digits, periods and hyphens.
			tokenBegin := i
			for i < n && (isASCIIAlnum(src[i]) || src[i] == '.' || src[i] == '-') {
				i++
			}
			value = strings.ToLower(src[tokenBegin:i])
			if i < n && !isHTMLSpace(src[i]) && src[i] != '>' {
				return "", 0, fmt.Errorf("Unexpected end of name token at byte offset %d", tokenBegin)
			}
		}
		if i >= n {
			return "", 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		switch {
		case name == "a" && attr == "href":
			arg = value
		case name == "code" && attr == "class" && strings.HasPrefix(value, "language-"):
			arg = value[len("language-"):]
		case name == "span" && attr == "class" && strings.HasPrefix(value, "tg-"):
			arg = value[len("tg-"):]
		}
	}
}

// closeTag adds the entity for a closed tag spanning length UTF-16 units of
// inner text.
func closeTag(ents []entity, t openTag, length int, inner string) []entity {
	e := entity{Offset: t.offset, Length: length}
	switch t.name {
	case "a":
		e.Type, e.URL = "text_link", t.arg
		if e.URL == "" {
			e.URL = inner
		}
	case "code":
		e.Type, e.Language = "code", t.arg
	case "pre":
		// <pre><code class="language-x">…</code></pre> is one pre entity
		// with a language.
		if k := len(ents) - 1; k >= 0 && ents[k].Type == "code" && ents[k].Offset == e.Offset && ents[k].Length == e.Length {
			ents[k] = entity{Type: "pre", Offset: e.Offset, Length: e.Length, Language: ents[k].Language}
			return ents
		}
		e.Type = "pre"
	case "blockquote":
		e.Type = "blockquote"
		if t.arg == "expandable" {
			e.Type = "expandable_blockquote"
		}
	default:
		e.Type = htmlEntityTypes[t.name]
	}
	return append(ents, e)
}

// decodeHTMLEntity decodes the character reference at src[i] ("&lt;",
// "&#60;", "&#x3C;"; the ";" is optional, as in tdlib).
func decodeHTMLEntity(src string, i int) (r rune, next int, ok bool) {
	n := len(src)
	end := i + 1
	if end < n && src[end] == '#' {
		end++
		var v int64
		digits := 0
		if end < n && src[end] == 'x' {
			end++
			for end < n && isHexDigit(src[end]) && digits < 8 {
				v = v*16 + int64(hexValue(src[end]))
				end++
				digits++
			}
		} else {
			for end < n && src[end] >= '0' && src[end] <= '9' && digits < 8 {
				v = v*10 + int64(src[end]-'0')
				end++
				digits++
			}
		}
		if digits == 0 || v == 0 || v >= 0x10ffff || (v >= 0xd800 && v <= 0xdfff) {
			return 0, 0, false
		}
		r = rune(v)
	} else {
		for end < n && (src[end] >= 'a' && src[end] <= 'z' || src[end] >= 'A' && src[end] <= 'Z') {
			end++
		}
		switch src[i+1 : end] {
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "amp":
			r = '&'
		case "quot":
			r = '"'
		default:
			return 0, 0, false
		}
	}
	if end < n && src[end] == ';' {
		end++
	}
	return r, end, true
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}
