package ingest

import (
	"errors"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// extractedBlocks is an invented article as extraction gives it.
var extractedBlocks = []text.RawBlock{
	{Kind: text.Heading, Level: 1, Text: "Tidal mill reopens"},
	{Kind: text.Paragraph, Text: "The mill ground its first flour in forty years."},
	{Kind: text.Paragraph, Text: "The restored wheel at high tide."},
}

func TestBlocksKeepsKindsAndDrops(t *testing.T) {
	a, err := Blocks(PlainInput{Title: " Mill ", URL: "https://courier.example/mill", Drop: []int{2}}, extractedBlocks, "html")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Mill" {
		t.Errorf("title %q", a.Title)
	}
	if a.URL != "https://courier.example/mill" {
		t.Errorf("url %q", a.URL)
	}
	if len(a.Doc.Blocks) != 2 {
		t.Fatalf("%d blocks, want 2", len(a.Doc.Blocks))
	}
	if a.Doc.Blocks[0].Kind != text.Heading {
		t.Errorf("block 0 kind %q", a.Doc.Blocks[0].Kind)
	}
	if a.Doc.Blocks[0].Level != 1 {
		t.Errorf("block 0 level %d", a.Doc.Blocks[0].Level)
	}
	if strings.Contains(a.Doc.Text, "wheel") {
		t.Errorf("dropped block in the text %q", a.Doc.Text)
	}
}

func TestBlocksRefuses(t *testing.T) {
	huge := []text.RawBlock{{Kind: text.Paragraph, Text: strings.Repeat("a", MaxTextBytes+1)}}
	for _, tc := range []struct {
		name   string
		in     PlainInput
		blocks []text.RawBlock
		field  string
	}{
		{"no blocks", PlainInput{Title: "T"}, nil, "url"},
		{"too long", PlainInput{Title: "T"}, huge, "url"},
		{"no title", PlainInput{}, extractedBlocks, "title"},
		{"bad date", PlainInput{Title: "T", PublishedAt: "yesterday"}, extractedBlocks, "published_at"},
		{"drop out of range", PlainInput{Title: "T", Drop: []int{3}}, extractedBlocks, "drop"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Blocks(tc.in, tc.blocks, "url")
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("error %v, want a *model.Error", err)
			}
			if me.Field != tc.field {
				t.Errorf("field %q, want %q (%s)", me.Field, tc.field, me.Message)
			}
		})
	}
}
