package export

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

func TestJSONRoundTrip(t *testing.T) {
	d := sampleDoc()
	var got wire.JSONDocument
	if err := json.Unmarshal(encode(t, mustLookup(t, "json"), d), &got); err != nil {
		t.Fatal(err)
	}
	if got.Format != wire.JSONFormatID {
		t.Errorf("format %q, want %q", got.Format, wire.JSONFormatID)
	}
	if !got.ExportedAt.Equal(exportedAt) {
		t.Errorf("exported at %v, want %v", got.ExportedAt, exportedAt)
	}
	if !reflect.DeepEqual(got.Article, d.Article) {
		t.Errorf("article reads back as %+v", got.Article)
	}
	if len(got.Claims) != len(d.Claims) {
		t.Fatalf("%d claims, want %d", len(got.Claims), len(d.Claims))
	}
	for i, c := range got.Claims {
		want := d.Claims[i]
		if want.Sources == nil {
			want.Sources = []model.ClaimSource{} // written as [], not null
		}
		// Event ids and claim ids are not part of the export.
		var history []model.Event
		for _, e := range d.History[want.ID] {
			e.ID, e.ClaimID = 0, 0
			history = append(history, e)
		}
		if !reflect.DeepEqual(c.Claim, want) {
			t.Errorf("claim %d reads back as %+v, want %+v", i+1, c.Claim, want)
		}
		if !reflect.DeepEqual(c.History, history) {
			t.Errorf("claim %d history reads back as %+v, want %+v", i+1, c.History, history)
		}
	}
}

// indentWithStdlib is what indentJSON replaces.
func indentWithStdlib(t testing.TB, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJSONIndentMatchesEncoder(t *testing.T) {
	for name, d := range map[string]*Document{"sample": sampleDoc(), "large": largeDoc(3000, 150), "hostile": hostileDoc(), "empty": {}} {
		got := encode(t, mustLookup(t, "json"), d)
		if want := indentWithStdlib(t, jsonDocument(d)); !bytes.Equal(got, want) {
			t.Errorf("%s: indentation differs from json.Encoder's at line %d", name, firstDiffLine(got, want))
		}
	}
}

func FuzzIndentJSON(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,{},[],"x\"y\\"]}`, `"\\\\\""`, `[{"":{"":[]}},null,true,-1.5e3]`, `{"k":"<&>\u2028"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var compact bytes.Buffer
		if json.Compact(&compact, []byte(s)) != nil {
			return
		}
		var got, want bytes.Buffer
		if err := indentJSON(&got, compact.Bytes()); err != nil {
			t.Fatal(err)
		}
		json.Indent(&want, compact.Bytes(), "", "  ")
		want.WriteByte('\n')
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("indentJSON(%q) =\n%s\nwant\n%s", compact.String(), got.Bytes(), want.Bytes())
		}
	})
}
