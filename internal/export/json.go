package export

import (
	"encoding/json"
	"io"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// JSONFormatID names the JSON export's layout. Importers refuse other values;
// a change to the layout gets a new id.
const JSONFormatID = "factmark/article-export/v1"

// JSONDocument is the JSON export's layout, also what POST /api/v1/import
// reads back.
type JSONDocument struct {
	Format     string        `json:"format"`
	ExportedAt time.Time     `json:"exported_at"`
	Article    model.Article `json:"article"`
	Claims     []JSONClaim   `json:"claims"`
}

// JSONClaim is a claim with its history.
type JSONClaim struct {
	model.Claim
	History []model.Event `json:"history"`
}

// JSON writes d as one indented JSON document, claims in export order
// (see SortClaims) like every other format.
func JSON(w io.Writer, d *Document) error {
	doc := JSONDocument{
		Format:     JSONFormatID,
		ExportedAt: d.ExportedAt.UTC(),
		Article:    d.Article,
		Claims:     make([]JSONClaim, 0, len(d.Claims)),
	}
	for _, c := range d.orderedClaims() {
		h := d.History[c.ID]
		if h == nil {
			h = []model.Event{}
		}
		if c.Parties == nil {
			c.Parties = []model.Party{}
		}
		if c.Sources == nil {
			c.Sources = []model.ClaimSource{}
		}
		doc.Claims = append(doc.Claims, JSONClaim{Claim: c, History: h})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
