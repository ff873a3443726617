package wire_test

import (
	"testing"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

func TestIRIs(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"container", wire.ContainerIRI("https://f.example/", 7), "https://f.example/annotations/7/"},
		{"annotation", wire.AnnotationIRI("https://f.example", 7, 12), "https://f.example/annotations/7/12"},
		{"article page", wire.ArticlePageIRI("https://f.example/", 7), "https://f.example/articles/7"},
		{"article with its own URL", wire.ArticleIRI("https://f.example", model.Article{ID: 7, URL: "https://news.example/a"}), "https://news.example/a"},
		{"article without one", wire.ArticleIRI("https://f.example", model.Article{ID: 7}), "https://f.example/articles/7"},
		{"article with a URL that is no web URL", wire.ArticleIRI("https://f.example", model.Article{ID: 7, URL: "javascript:alert(1)"}), "https://f.example/articles/7"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestWebURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://a.example/x": true, "HTTP://a.example": true, "https:///x": false, "http://?q": false,
		"ftp://a.example": false, "javascript:alert(1)": false, "https://a.example/ x": false, "": false,
	} {
		if got := wire.WebURL(s); got != want {
			t.Errorf("WebURL(%q) = %v, want %v", s, got, want)
		}
	}
}
