package telegramtest

import (
	"reflect"
	"testing"
)

func TestParseHTML(t *testing.T) {
	tests := []struct {
		in       string
		text     string
		entities []entity
		err      string
	}{
		{in: "plain", text: "plain"},
		{in: "<b>b</b><strong>s</strong>", text: "bs", entities: []entity{{Type: "bold", Offset: 0, Length: 1}, {Type: "bold", Offset: 1, Length: 1}}},
		{in: "<i>i<u>u</u></i>", text: "iu", entities: []entity{{Type: "italic", Offset: 0, Length: 2}, {Type: "underline", Offset: 1, Length: 1}}},
		{in: "<s>a</s><strike>b</strike><del>c</del><ins>d</ins><em>e</em>", text: "abcde", entities: []entity{
			{Type: "strikethrough", Offset: 0, Length: 1}, {Type: "strikethrough", Offset: 1, Length: 1},
			{Type: "strikethrough", Offset: 2, Length: 1}, {Type: "underline", Offset: 3, Length: 1}, {Type: "italic", Offset: 4, Length: 1}}},
		{in: `<a href="https://t.me/x?a=1&b=2">t</a>`, text: "t", entities: []entity{{Type: "text_link", Offset: 0, Length: 1, URL: "https://t.me/x?a=1&b=2"}}},
		{in: "<a href=HTTP.example>t</a>", text: "t", entities: []entity{{Type: "text_link", Offset: 0, Length: 1, URL: "http.example"}}},
		{in: `<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">p</span>`, text: "sp", entities: []entity{{Type: "spoiler", Offset: 0, Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
		{in: `<pre><code class="language-python">x</code></pre>`, text: "x", entities: []entity{{Type: "pre", Offset: 0, Length: 1, Language: "python"}}},
		{in: `<code class="language-python">x</code>`, text: "x", entities: []entity{{Type: "code", Offset: 0, Length: 1}}},
		{in: "<pre>p</pre>", text: "p", entities: []entity{{Type: "pre", Offset: 0, Length: 1}}},
		{in: "<blockquote>q</blockquote><blockquote expandable>e</blockquote>", text: "qe", entities: []entity{{Type: "blockquote", Offset: 0, Length: 1}, {Type: "expandable_blockquote", Offset: 1, Length: 1}}},
		{in: "😀<b>文</b>", text: "😀文", entities: []entity{{Type: "bold", Offset: 2, Length: 1}}},
		{in: "&lt;&gt;&amp;&quot;&#65;&#x42;&lt", text: `<>&"AB<`},
		{in: "<b></b>x", text: "x"},
		{in: "a > b", text: "a > b"},
		{in: "<B>x</B>", text: "x", entities: []entity{{Type: "bold", Offset: 0, Length: 1}}},
		{in: "<b>x</>", text: "x", entities: []entity{{Type: "bold", Offset: 0, Length: 1}}},

		{in: "a < b", err: `Unsupported start tag "" at byte offset 2`},
		{in: "x <", err: "Unclosed start tag at byte offset 2"},
		{in: "AT&T", err: `Character "&" at byte offset 2 must be escaped as "&amp;"`},
		{in: "&nbsp;", err: `Character "&" at byte offset 0 must be escaped as "&amp;"`},
		{in: "<br>", err: `Unsupported start tag "br" at byte offset 0`},
		{in: "中文<foo>", err: `Unsupported start tag "foo" at byte offset 6`},
		{in: "<b>x", err: `Can't find end tag corresponding to start tag "b"`},
		{in: "</b>", err: "Unexpected end tag at byte offset 0"},
		{in: "<b>x</i>", err: `Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{in: "<b>x</b", err: "Unclosed end tag at byte offset 4"},
		{in: "<span>x</span>", err: `Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{in: `<a href>x</a>`, err: `Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0`},
		{in: `<a href=http://x>x</a>`, err: "Unexpected end of name token at byte offset 8"},
		{in: `<a href="x`, err: `Unclosed start tag at byte offset 0`},
	}
	for _, tc := range tests {
		text, ents, err := parseHTML(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("parseHTML(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || text != tc.text || !reflect.DeepEqual(ents, tc.entities) {
			t.Errorf("parseHTML(%q) = %q, %+v, %v; want %q, %+v", tc.in, text, ents, err, tc.text, tc.entities)
		}
	}
}

func TestFormatTextTrimsAndMeasuresUTF16(t *testing.T) {
	f, err := formatText("  <b> bold </b>\n", "HTML")
	if err != nil || f.text != "bold" || len(f.entities) != 1 || f.entities[0] != (entity{Type: "bold", Offset: 0, Length: 4}) {
		t.Errorf("trim: %q %+v %v", f.text, f.entities, err)
	}
	emoji := ""
	for i := 0; i < 2048; i++ {
		emoji += "😀" // 2 UTF-16 units each
	}
	if _, err := formatText(emoji, ""); err != nil {
		t.Errorf("4096 units rejected: %v", err)
	}
	if _, err := formatText(emoji+"a", ""); err == nil || err.Error() != "Bad Request: message is too long" {
		t.Errorf("4097 units: %v", err)
	}
	if _, err := formatText("\xff", ""); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
}
