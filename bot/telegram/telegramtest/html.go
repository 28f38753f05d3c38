package telegramtest

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Entity is a formatting entity of a sent message, offsets and lengths in
// UTF-16 code units as Telegram reports them.
type Entity struct {
	Type     string `json:"type"`
	Offset   int    `json:"offset"`
	Length   int    `json:"length"`
	URL      string `json:"url,omitempty"`
	Language string `json:"language,omitempty"`
}

// htmlTags maps the tags Telegram accepts to their entity type.
var htmlTags = map[string]string{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"span": "spoiler", "tg-spoiler": "spoiler",
	"a":          "text_link",
	"code":       "code",
	"pre":        "pre",
	"blockquote": "blockquote",
	"tg-emoji":   "custom_emoji",
}

type openTag struct {
	name   string
	offset int // UTF-16 offset in the plain text
	attrs  map[string]string
}

func utf16Units(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// parseHTML turns parse_mode=HTML text into plain text and entities, or
// returns the "can't parse entities" error Telegram would give. Every
// '<', '>' and '&' outside a tag or entity must be escaped; only
// &lt; &gt; &amp; &quot; and numeric entities are accepted; tags must be
// known and properly nested.
func parseHTML(s string) (string, []Entity, *apiError) {
	fail := func(format string, args ...any) (string, []Entity, *apiError) {
		return "", nil, badRequest("can't parse entities: "+format, args...)
	}
	var plain strings.Builder
	var ents []Entity
	var stack []openTag
	pos := 0 // UTF-16 units written
	write := func(r rune) {
		plain.WriteRune(r)
		pos += utf16Units(r)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if s[i+1:] != "" && s[i+1] == '/' {
				if end < 0 {
					return fail("Unclosed end tag at byte offset %d", i)
				}
				name := strings.ToLower(strings.TrimSpace(s[i+2 : i+end]))
				if len(stack) == 0 {
					return fail("Unexpected end tag at byte offset %d", i)
				}
				top := stack[len(stack)-1]
				if name != top.name {
					return fail("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
				}
				stack = stack[:len(stack)-1]
				if e, ok := entityFor(top, pos, stack); ok {
					ents = append(ents, e)
				}
				i += end + 1
				continue
			}
			j := i + 1
			for j < len(s) && (isAlnum(s[j]) || s[j] == '-') {
				j++
			}
			name := strings.ToLower(s[i+1 : j])
			if _, ok := htmlTags[name]; !ok {
				return fail("Unsupported start tag \"%s\" at byte offset %d", name, i)
			}
			if end < 0 {
				return fail("Unclosed start tag at byte offset %d", i)
			}
			attrs, err := parseAttrs(s[j : i+end])
			if err != "" {
				return fail("%s at byte offset %d", err, i)
			}
			switch name {
			case "span":
				if attrs["class"] != "tg-spoiler" {
					return fail("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", i)
				}
			case "tg-emoji":
				if attrs["emoji-id"] == "" {
					return fail("Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset %d", i)
				}
			}
			stack = append(stack, openTag{name: name, offset: pos, attrs: attrs})
			i += end + 1
		case '>':
			return fail("Character '>' is reserved and must be escaped as \"&gt;\" at byte offset %d", i)
		case '&':
			r, n, ok := decodeEntity(s[i:])
			if !ok {
				return fail("Character '&' is reserved and must be escaped as \"&amp;\" at byte offset %d", i)
			}
			write(r)
			i += n
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			write(r)
			i += n
		}
	}
	if len(stack) > 0 {
		return fail("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	return plain.String(), ents, nil
}

func entityFor(t openTag, end int, outer []openTag) (Entity, bool) {
	if end == t.offset {
		return Entity{}, false
	}
	e := Entity{Type: htmlTags[t.name], Offset: t.offset, Length: end - t.offset}
	switch t.name {
	case "a":
		e.URL = t.attrs["href"]
		if e.URL == "" {
			return Entity{}, false
		}
	case "code":
		if len(outer) > 0 && outer[len(outer)-1].name == "pre" {
			return Entity{}, false // folded into the pre entity's language
		}
	case "pre":
	case "blockquote":
		if _, ok := t.attrs["expandable"]; ok {
			e.Type = "expandable_blockquote"
		}
	}
	return e, true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// parseAttrs reads `name="v" name='v' name=v name` pairs.
func parseAttrs(s string) (map[string]string, string) {
	attrs := map[string]string{}
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		if s == "" || s == "/" {
			return attrs, ""
		}
		j := 0
		for j < len(s) && (isAlnum(s[j]) || s[j] == '-' || s[j] == '_') {
			j++
		}
		if j == 0 {
			return nil, "Expected equal sign in declaration of an attribute"
		}
		name := strings.ToLower(s[:j])
		s = strings.TrimLeft(s[j:], " \t\r\n")
		if !strings.HasPrefix(s, "=") {
			attrs[name] = ""
			continue
		}
		s = strings.TrimLeft(s[1:], " \t\r\n")
		var raw string
		if s != "" && (s[0] == '"' || s[0] == '\'') {
			k := strings.IndexByte(s[1:], s[0])
			if k < 0 {
				return nil, "Unclosed attribute value"
			}
			raw, s = s[1:k+1], s[k+2:]
		} else {
			k := strings.IndexAny(s, " \t\r\n")
			if k < 0 {
				k = len(s)
			}
			raw, s = s[:k], s[k:]
		}
		attrs[name] = unescapeLenient(raw)
	}
}

func unescapeLenient(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '&' {
			if r, n, ok := decodeEntity(s[i:]); ok {
				b.WriteRune(r)
				i += n
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// decodeEntity decodes &lt; &gt; &amp; &quot; &#NN; &#xHH; at the start of s.
func decodeEntity(s string) (rune, int, bool) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 12 {
		return 0, 0, false
	}
	body := s[1:end]
	switch body {
	case "lt":
		return '<', end + 1, true
	case "gt":
		return '>', end + 1, true
	case "amp":
		return '&', end + 1, true
	case "quot":
		return '"', end + 1, true
	}
	if num, ok := strings.CutPrefix(body, "#"); ok {
		base := 10
		if h, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
			num, base = h, 16
		}
		v, err := strconv.ParseUint(num, base, 32)
		if err == nil && utf8.ValidRune(rune(v)) && v != 0 {
			return rune(v), end + 1, true
		}
	}
	return 0, 0, false
}

// markdownV2Reserved are the characters MarkdownV2 wants escaped that never
// start formatting; an unescaped one is an error. Formatting characters
// (*_~`|[]()) are accepted as they are: this check is deliberately partial.
const markdownV2Reserved = ">#+-={}.!"

func checkMarkdownV2(s string) (string, *apiError) {
	var plain strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			i++
			plain.WriteByte(s[i])
			continue
		}
		if strings.IndexByte(markdownV2Reserved, c) >= 0 {
			return "", badRequest("can't parse entities: Character '%c' is reserved and must be escaped with the preceding '\\'", c)
		}
		if strings.IndexByte("*_~`|[]()", c) >= 0 {
			continue
		}
		plain.WriteByte(c)
	}
	return plain.String(), nil
}

// parseText applies parse_mode to text.
func parseText(text, mode string) (string, []Entity, *apiError) {
	if !utf8.ValidString(text) {
		return "", nil, badRequest("text must be encoded in UTF-8")
	}
	switch strings.ToLower(mode) {
	case "":
		return text, nil, nil
	case "html":
		return parseHTML(text)
	case "markdownv2":
		plain, err := checkMarkdownV2(text)
		return plain, nil, err
	case "markdown":
		return strings.NewReplacer("*", "", "_", "", "`", "").Replace(text), nil, nil
	}
	return "", nil, badRequest("unsupported parse_mode")
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Units(r)
	}
	return n
}
