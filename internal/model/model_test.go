package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/anchor"
)

func TestNormalizeURL(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"  https://example.com/a?b=1&c=2  ", "https://example.com/a?b=1&c=2", true},
		{"http://example.com", "http://example.com", true},
		{"javascript:alert(1)", "", false},
		{"JAVASCRIPT:alert(1)", "", false},
		{"data:text/html,<script>", "", false},
		{"ftp://example.com/file", "", false},
		{"//example.com/no-scheme", "", false},
		{"https://", "", false},
		{"not a url", "", false},
		{"https://example.com/" + strings.Repeat("a", MaxURLLen), "", false},
	} {
		got, ok := NormalizeURL(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestNormalizeDate(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"2016-12-25", "2016-12-25", true},
		{"2016-12-25T10:00:00+03:00", "2016-12-25T07:00:00Z", true},
		{"2016-02-30", "", false},
		{"25/12/2016", "", false},
		{"yesterday", "", false},
	} {
		got, ok := NormalizeDate(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeDate(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func intp(n int) *int { return &n }

func TestNewClaimNormalize(t *testing.T) {
	for _, tc := range []struct {
		name  string
		claim NewClaim
		field string // "" when valid
	}{
		{"position", NewClaim{Start: intp(1), End: intp(4)}, ""},
		{"quote", NewClaim{Quote: &anchor.Quote{Exact: "x"}}, ""},
		{"neither", NewClaim{}, "start"},
		{"both", NewClaim{Start: intp(1), End: intp(2), Quote: &anchor.Quote{Exact: "x"}}, "quote"},
		{"start only", NewClaim{Start: intp(1)}, "end"},
		{"unknown kind", NewClaim{Start: intp(1), End: intp(2), Kind: "rumour"}, "kind"},
		{"unknown status", NewClaim{Start: intp(1), End: intp(2), Status: "done"}, "status"},
		{"party without name", NewClaim{Start: intp(1), End: intp(2), Parties: []NewParty{{Role: RoleInvited}}}, "parties[0].name"},
		{"party with bad role", NewClaim{Start: intp(1), End: intp(2), Parties: []NewParty{{Name: "U.N.", Role: "host"}}}, "parties[0].role"},
		{"long statement", NewClaim{Start: intp(1), End: intp(2), Statement: strings.Repeat("é", MaxStatementLen+1)}, "statement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.claim
			err := c.Normalize()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if c.Kind != KindOther || c.Status != StatusUnchecked {
					t.Errorf("defaults: kind %q status %q", c.Kind, c.Status)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || e.Field != tc.field {
				t.Fatalf("err = %#v, want EINVALID on %s", err, tc.field)
			}
			if e.Message == "" {
				t.Error("empty message")
			}
		})
	}
}

func TestClaimUpdateNormalize(t *testing.T) {
	s := StatusVerified
	bad := Status("done")
	comment := ClaimUpdate{Comment: "why"}
	if err := comment.Normalize(); ErrorCode(err) != EINVALID {
		t.Errorf("comment without status: err = %v", err)
	}
	ok := ClaimUpdate{Status: &s, Comment: "  readout  "}
	if err := ok.Normalize(); err != nil || ok.Comment != "readout" {
		t.Errorf("status with comment: err = %v, comment %q", err, ok.Comment)
	}
	if err := (&ClaimUpdate{Status: &bad}).Normalize(); ErrorCode(err) != EINVALID {
		t.Errorf("bad status: err = %v", err)
	}
}

func TestAttachmentNormalize(t *testing.T) {
	for _, tc := range []struct {
		name  string
		att   Attachment
		field string
	}{
		{"library", Attachment{SourceID: 3}, ""},
		{"new web source", Attachment{Source: &NewSource{URL: "https://example.com"}}, ""},
		{"offline reference", Attachment{Source: &NewSource{Reference: "Interview, 2026-01-02"}}, ""},
		{"nothing", Attachment{}, "source_id"},
		{"both", Attachment{SourceID: 3, Source: &NewSource{URL: "https://example.com"}}, "source_id"},
		{"javascript url", Attachment{Source: &NewSource{URL: "javascript:alert(1)"}}, "url"},
		{"no url nor reference", Attachment{Source: &NewSource{Title: "A"}}, "url"},
		{"bad date", Attachment{Source: &NewSource{URL: "https://example.com", PublishedAt: "soon"}}, "published_at"},
		{"bad relation", Attachment{SourceID: 1, Relation: "refutes"}, "relation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.att
			err := a.Normalize()
			var e *Error
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tc.field == "":
				if a.Relation != RelationSupports {
					t.Errorf("default relation = %q", a.Relation)
				}
				if a.Source != nil && a.Source.Title == "" {
					t.Error("a new source without a title gets its URL or reference as title")
				}
			case !errors.As(err, &e) || e.Field != tc.field:
				t.Fatalf("err = %#v, want EINVALID on %s", err, tc.field)
			}
		})
	}
}

func TestVocabularies(t *testing.T) {
	for _, s := range Statuses() {
		if s.Label() == string(s) {
			t.Errorf("status %q lacks a label: Label() = %q", s, s.Label())
		}
		if s.Color() == "" {
			t.Errorf("status %q lacks a colour", s)
		}
	}
	for s, want := range map[Status]bool{StatusUnchecked: false, StatusInProgress: false, StatusFalse: true, Status("x"): false} {
		if got := s.IsVerdict(); got != want {
			t.Errorf("Status(%q).IsVerdict() = %v, want %v", s, got, want)
		}
	}
	for r, want := range map[UserRole]bool{UserEditor: true, UserViewer: false} {
		if got := r.CanWrite(); got != want {
			t.Errorf("UserRole(%q).CanWrite() = %v, want %v", r, got, want)
		}
	}
}

func TestFieldErrorsKeepEveryProblem(t *testing.T) {
	s := NewSource{URL: "ftp://example.com/x", PublishedAt: "18/12/2016"}
	err := s.Normalize()
	var e *Error
	if !errors.As(err, &e) || e.Field != "url" {
		t.Fatalf("err = %#v, want the URL first", err)
	}
	if _, ok := e.Fields["published_at"]; !ok || len(e.Fields) != 2 {
		t.Errorf("Fields = %v, want both the URL and the date", e.Fields)
	}
	if (FieldErrors{}).Err() != nil {
		t.Error("no problems must give a nil error")
	}
}

func TestVisiblyEmpty(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{" \t\n", true},
		{" \u00a0\u200b ", true},
		{"\ufeff\u2060\u200d", true},
		{"a", false},
		{"\u200b.", false},
		{"👍", false},
		{"שלום", false},
	}
	for _, tt := range tests {
		if got := VisiblyEmpty(tt.in); got != tt.want {
			t.Errorf("VisiblyEmpty(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
