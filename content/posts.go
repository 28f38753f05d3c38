package content

import (
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"
)

// postFiles are the outreach posts compiled into the binary; a folder named
// by LOA_CONTENT_DIR can replace or add files under posts/ (see LoadPosts).
//
//go:embed posts/*.yaml
var postFiles embed.FS

// Limits of the post format.
const (
	maxPostChars      = 1500
	maxPostTitleChars = 120
	postsGlob         = "posts/*.yaml"
	defaultPostTime   = "08:00"
)

// Post is one outreach post: what is sent, when, to whom, and the source
// its facts come from.
type Post struct {
	ID       string
	Title    string
	Text     string // plain text, at most 1,500 characters
	ImageURL string // optional https URL of a public picture
	Tags     []string
	// When: either Cron (one standard 5-field spec, Vietnam time) or
	// Dates ("MM-DD", every year) at Time ("HH:MM").
	Cron  string
	Dates []string
	Time  string
	Units []string // unit codes, or ["*"] for every member
	// Source names where the facts come from (content-facts.md and the
	// public pages it cites).
	Source string
	File   string
	Line   int
}

// Spec is the post's schedule as scheduler.ParseSpec reads it: the cron
// spec, or one spec per date joined by "; " (a list of days and a list of
// months would make a cross-product).
func (p *Post) Spec() string {
	if p.Cron != "" {
		return p.Cron
	}
	hh, mm, _ := strings.Cut(p.Time, ":")
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	specs := make([]string, len(p.Dates))
	for i, d := range p.Dates {
		month, day, _ := strings.Cut(d, "-")
		mo, _ := strconv.Atoi(month)
		da, _ := strconv.Atoi(day)
		specs[i] = fmt.Sprintf("%d %d %d %d *", m, h, da, mo)
	}
	return strings.Join(specs, "; ")
}

// Everyone reports whether the post goes to every member.
func (p *Post) Everyone() bool { return len(p.Units) == 1 && p.Units[0] == "*" }

// Message is the text members receive: the title, the body, and the source.
func (p *Post) Message() string {
	return p.Title + "\n\n" + p.Text + "\n\nNguồn: " + p.Source
}

// PostLibrary holds the current posts and swaps in new ones on Reload.
type PostLibrary struct {
	embedded fs.FS
	dir      string
	mu       sync.Mutex // one reload at a time
	set      atomic.Pointer[postSet]
}

type postSet struct {
	posts []*Post
	byID  map[string]*Post
}

// LoadPosts loads the posts embedded in the binary, with the files of
// dir/posts (LOA_CONTENT_DIR; "" for none) replacing embedded files of the
// same name and adding new ones; an empty file in dir removes the embedded
// file of that name. A *LoadError lists every problem as "file:line: message".
func LoadPosts(dir string) (*PostLibrary, error) {
	return newPostLibrary(postFiles, dir)
}

func newPostLibrary(embedded fs.FS, dir string) (*PostLibrary, error) {
	l := &PostLibrary{embedded: embedded, dir: dir}
	if err := l.Reload(); err != nil {
		return nil, err
	}
	return l, nil
}

// LoadPostsDir loads and validates dir/posts alone, without the embedded
// posts: for checking an edited folder before deploying it.
func LoadPostsDir(dir string) ([]*Post, error) {
	set, err := loadPostFiles(nil, dir)
	if err != nil {
		return nil, err
	}
	return set.posts, nil
}

// Reload reads the files again. When they are invalid it keeps the posts it
// has and returns the problems.
func (l *PostLibrary) Reload() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	set, err := loadPostFiles(l.embedded, l.dir)
	if err != nil {
		return err
	}
	l.set.Store(set)
	return nil
}

// Posts returns the current posts, by id. The slice is shared: do not change it.
func (l *PostLibrary) Posts() []*Post { return l.set.Load().posts }

// Post returns one post, or nil.
func (l *PostLibrary) Post(id string) *Post { return l.set.Load().byID[id] }

func loadPostFiles(embedded fs.FS, dir string) (*postSet, error) {
	files, err := collectPostFiles(embedded, dir)
	if err != nil {
		return nil, fmt.Errorf("load posts: %w", err)
	}
	return loadPosts(files)
}

// collectPostFiles lists posts/*.yaml with the override rules of
// overlayFiles.
func collectPostFiles(embedded fs.FS, dir string) ([]contentFile, error) {
	return overlayFiles(embedded, dir, postsGlob)
}

var (
	postTagPattern  = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)
	postUnitPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,40}$`)
	postTimePattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	postDatePattern = regexp.MustCompile(`^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`)
	// markupPattern catches HTML tags and Markdown emphasis: posts are
	// plain text, escaped by each adapter.
	markupPattern = regexp.MustCompile(`<[a-zA-Z/!][^>]*>|\*\*|__`)
)

func loadPosts(files []contentFile) (*postSet, error) {
	l := &loader{}
	set := &postSet{byID: map[string]*Post{}}
	for _, f := range files {
		root := l.parse(f)
		if root == nil {
			continue
		}
		fields := l.fields(f.name, root, "the post file", "posts")
		v := fields["posts"]
		switch {
		case v == nil:
			l.add(f.name, root.Line, "the post file has no \"posts\"")
			continue
		case v.Kind != yaml.SequenceNode:
			l.add(f.name, v.Line, "\"posts\" must be a list")
			continue
		case len(v.Content) == 0:
			l.add(f.name, v.Line, "\"posts\" is empty")
			continue
		}
		for _, n := range v.Content {
			p := l.post(f.name, n)
			if p == nil {
				continue
			}
			if first, dup := set.byID[p.ID]; dup {
				l.add(f.name, p.Line, "post id %q is already used at %s:%d", p.ID, first.File, first.Line)
				continue
			}
			if p.ID != "" {
				set.byID[p.ID] = p
				set.posts = append(set.posts, p)
			}
		}
	}
	if err := l.err(); err != nil {
		return nil, err
	}
	sort.Slice(set.posts, func(i, j int) bool { return set.posts[i].ID < set.posts[j].ID })
	return set, nil
}

func (l *loader) post(file string, n *yaml.Node) *Post {
	if n.Kind != yaml.MappingNode {
		l.add(file, n.Line, "each post must be a mapping (id:, title:, text:, when:, units:, source:)")
		return nil
	}
	f := l.fields(file, n, "a post", "id", "title", "text", "image_url", "tags", "when", "units", "source")
	id, idLine := l.str(file, n, f, "id", "a post", true)
	what := "post " + strconv.Quote(id)
	if id == "" {
		what = "a post"
	}
	p := &Post{ID: id, File: file, Line: idLine}
	l.checkID(file, idLine, id, "post")

	var line int
	p.Title, line = l.str(file, n, f, "title", what, true)
	if c := utf8.RuneCountInString(p.Title); c > maxPostTitleChars {
		l.add(file, line, "title of %s has %d characters, more than %d", what, c, maxPostTitleChars)
	}
	p.Text, line = l.str(file, n, f, "text", what, true)
	if c := utf8.RuneCountInString(p.Text); c > maxPostChars {
		l.add(file, line, "text of %s has %d characters, more than %d", what, c, maxPostChars)
	}
	if m := markupPattern.FindString(p.Text + "\n" + p.Title); m != "" {
		l.add(file, line, "%s must be plain text: found %q (no HTML or Markdown)", what, m)
	}
	p.ImageURL, line = l.str(file, n, f, "image_url", what, false)
	if p.ImageURL != "" {
		if u, err := url.Parse(p.ImageURL); err != nil || u.Scheme != "https" || u.Host == "" {
			l.add(file, line, "image_url of %s must be an https URL", what)
		}
	}
	var tagLines []int
	p.Tags, tagLines = l.list(file, f, "tags", what)
	for i, t := range p.Tags {
		if !postTagPattern.MatchString(t) {
			l.add(file, tagLines[i], "tag %q of %s may only contain a-z, 0-9 and '-'", t, what)
		}
	}
	l.postWhen(file, n, f["when"], p, what)
	l.postUnits(file, n, f, p, what)
	p.Source, _ = l.str(file, n, f, "source", what, true)
	return p
}

// postWhen reads when: {cron: "..."} or when: {dates: [...], time: "HH:MM"}.
func (l *loader) postWhen(file string, parent, v *yaml.Node, p *Post, what string) {
	switch {
	case v == nil:
		l.add(file, parent.Line, "%s has no \"when\" (cron: \"0 8 * * 1\" or dates: [\"03-08\"])", what)
		return
	case v.Kind != yaml.MappingNode:
		l.add(file, v.Line, "\"when\" of %s must be a mapping (cron: or dates: with time:)", what)
		return
	}
	f := l.fields(file, v, "\"when\" of "+what, "cron", "dates", "time")
	cronSpec, cronLine := l.str(file, v, f, "cron", what, false)
	dates, dateLines := l.list(file, f, "dates", what)
	tm, timeLine := l.str(file, v, f, "time", what, false)
	switch {
	case f["cron"] != nil && f["dates"] != nil:
		l.add(file, v.Line, "\"when\" of %s has both cron and dates: choose one", what)
		return
	case f["cron"] == nil && f["dates"] == nil:
		l.add(file, v.Line, "\"when\" of %s needs cron: or dates:", what)
		return
	}
	if f["cron"] != nil {
		if tm != "" {
			l.add(file, timeLine, "\"time\" of %s goes with dates:, a cron spec carries its own time", what)
		}
		p.Cron = cronSpec
		l.checkPostCron(file, cronLine, cronSpec, what)
		return
	}
	if len(dates) == 0 && f["dates"].Kind == yaml.SequenceNode {
		l.add(file, f["dates"].Line, "\"dates\" of %s is empty", what)
	}
	for i, d := range dates {
		if !postDatePattern.MatchString(d) {
			l.add(file, dateLines[i], "date %q of %s must be MM-DD (e.g. \"03-08\" for 8 March)", d, what)
			continue
		}
		if _, err := time.Parse("2006-01-02", "2024-"+d); err != nil { // 2024: 02-29 exists
			l.add(file, dateLines[i], "date %q of %s does not exist", d, what)
		}
	}
	p.Dates = dates
	if tm == "" {
		tm = defaultPostTime
	} else if !postTimePattern.MatchString(tm) {
		l.add(file, timeLine, "\"time\" of %s must be HH:MM (24-hour), e.g. \"08:00\"", what)
	}
	p.Time = tm
}

// minPostGap is the shortest gap between two slots of one post: outreach
// posts go out at most once a day.
const minPostGap = 20 * time.Hour

func (l *loader) checkPostCron(file string, line int, spec, what string) {
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "@every") {
		l.add(file, line, "cron of %s: no time zone or @every; posts use Vietnam time", what)
		return
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		l.add(file, line, "cron of %s: %v", what, err)
		return
	}
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := s.Next(t)
	if prev.IsZero() {
		l.add(file, line, "cron of %s never fires", what)
		return
	}
	for range 60 {
		next := s.Next(prev)
		if next.IsZero() {
			break
		}
		if next.Sub(prev) < minPostGap {
			l.add(file, line, "cron of %s fires more than once a day (%s then %s): posts go out at most daily",
				what, prev.Format("02/01 15:04"), next.Format("15:04"))
			return
		}
		prev = next
	}
}

func (l *loader) postUnits(file string, parent *yaml.Node, f map[string]*yaml.Node, p *Post, what string) {
	units, lines := l.list(file, f, "units", what)
	if f["units"] == nil {
		l.add(file, parent.Line, "%s has no \"units\" (unit codes, or [\"*\"] for every member)", what)
		return
	}
	if len(units) == 0 && f["units"].Kind == yaml.SequenceNode {
		l.add(file, f["units"].Line, "\"units\" of %s is empty", what)
		return
	}
	seen := map[string]bool{}
	for i, u := range units {
		switch {
		case u == "*":
			if len(units) > 1 {
				l.add(file, lines[i], "\"*\" in %s means every member: list it alone", what)
			}
		case !postUnitPattern.MatchString(u):
			l.add(file, lines[i], "unit %q of %s is not a unit code", u, what)
		case seen[strings.ToUpper(u)]:
			l.add(file, lines[i], "unit %q of %s is listed twice", u, what)
		}
		seen[strings.ToUpper(u)] = true
		if u != "*" {
			units[i] = strings.ToUpper(u)
		}
	}
	p.Units = units
}
