package textcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON checks every string of a JSON document, keys included, as it is
// written in the document: before decoding, since encoding/json replaces
// invalid UTF-8 and lone surrogates with U+FFFD without a word.
//
// When target is not nil it is the Go type the document will be decoded
// into, and an object key that matches one of its struct fields only when
// case is ignored ("Statement" for "statement") is a problem too:
// encoding/json would take it for the field, while everywhere else (JSON
// itself, JSON-LD, JavaScript) keys are case-sensitive, so a client with a
// wrong key would be told nothing. Keys that match no field are left to the
// decoder's DisallowUnknownFields.
//
// Malformed JSON is not a problem here: JSON returns nil and leaves the
// syntax error to the decoder, which says where it is.
func JSON(data []byte, target reflect.Type) *Problem {
	return walkJSON(data, target, false)
}

// StrictJSON is JSON, and also refuses a key that names no field of the
// target struct at its place ("Unknown field"), with its path: what
// encoding/json's DisallowUnknownFields reports only in the text of an
// untyped error.
func StrictJSON(data []byte, target reflect.Type) *Problem {
	return walkJSON(data, target, true)
}

func walkJSON(data []byte, target reflect.Type, strict bool) *Problem {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []frame
	top := frame{typ: target}
	prev := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		end := dec.InputOffset()
		raw := data[prev:end]
		prev = end
		cur := &top
		if len(stack) > 0 {
			cur = &stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, frame{object: t == '{', array: t == '[', path: cur.childPath(), typ: cur.childType(), expectKey: t == '{'})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 {
					stack[len(stack)-1].valueDone()
				}
			}
			continue
		case string:
			lit := raw[bytes.IndexByte(raw, '"'):]
			if cur.object && cur.expectKey {
				if p := literal(lit, cur.path); p != nil {
					return p
				}
				if p := cur.setKey(t, strict); p != nil {
					return p
				}
				continue
			}
			if p := literal(lit, cur.childPath()); p != nil {
				return p
			}
		}
		cur.valueDone()
	}
}

// frame is an object or array being read: where it is, the Go type it
// decodes into (nil when unknown or not checked), and where in it we are.
type frame struct {
	object    bool
	array     bool // neither: the document itself
	path      string
	typ       reflect.Type
	expectKey bool
	key       string
	index     int
}

// childPath is the path of the value being read in this frame.
func (f *frame) childPath() string {
	switch {
	case f.object:
		return joinPath(f.path, f.key)
	case f.array:
		return f.path + "[" + strconv.Itoa(f.index) + "]"
	}
	return f.path
}

// childType is the Go type the value being read decodes into.
func (f *frame) childType() reflect.Type {
	t := f.typ
	if t == nil {
		return nil
	}
	if !f.object && !f.array {
		return checkable(t)
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return checkable(t.Elem())
	case reflect.Map:
		return checkable(t.Elem())
	case reflect.Struct:
		if !f.object {
			return nil
		}
		return checkable(fieldType(t, f.key))
	}
	return nil
}

// setKey records the key just read, and refuses one that names a field of
// the target struct only when case is ignored.
func (f *frame) setKey(key string, strict bool) *Problem {
	f.key, f.expectKey = key, false
	if f.typ == nil || f.typ.Kind() != reflect.Struct {
		return nil
	}
	if fieldType(f.typ, key) != nil {
		return nil
	}
	for _, name := range fieldNames(f.typ) {
		if strings.EqualFold(name, key) {
			return &Problem{Field: joinPath(f.path, key), Message: fmt.Sprintf("Unknown field %q: keys are case-sensitive, did you mean %q?", key, name)}
		}
	}
	if strict {
		return &Problem{Field: joinPath(f.path, key), Message: fmt.Sprintf("Unknown field %q.", key)}
	}
	return nil
}

// valueDone moves past the value just read.
func (f *frame) valueDone() {
	if f.object {
		f.expectKey = true
		return
	}
	f.index++
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

// checkable returns the type whose keys can be checked, dereferencing
// pointers, or nil for a type that decodes itself or holds anything.
func checkable(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() == reflect.Interface || reflect.PointerTo(t).Implements(unmarshaler) {
		return nil
	}
	return t
}

// fieldType returns the type of the field of struct t that the JSON key
// names exactly, looking into embedded structs as encoding/json does.
func fieldType(t reflect.Type, key string) reflect.Type {
	var found reflect.Type
	eachField(t, func(name string, ft reflect.Type) {
		if name == key && found == nil {
			found = ft
		}
	})
	return found
}

// fieldNames returns the JSON names of struct t's fields.
func fieldNames(t reflect.Type) []string {
	var names []string
	eachField(t, func(name string, _ reflect.Type) { names = append(names, name) })
	return names
}

// eachField calls fn with the JSON name and type of every field that
// encoding/json decodes into: exported, not tagged "-", with the fields of
// untagged embedded structs promoted.
func eachField(t reflect.Type, fn func(name string, ft reflect.Type)) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				eachField(et, fn)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fn(name, f.Type)
	}
}

// literal checks a JSON string literal as written, quotes included: its
// bytes must be UTF-8, and its escapes must spell characters text may hold
// (a \u escape of a control character or of half a surrogate pair does
// not).
func literal(lit []byte, field string) *Problem {
	if !utf8.Valid(lit) || bytes.IndexByte(lit, 0x7f) >= 0 {
		// Raw control characters other than DEL are a syntax error in
		// JSON, left to the decoder.
		return String(field, string(lit))
	}
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' || i+1 >= len(lit) {
			continue
		}
		i++
		switch lit[i] {
		case 'b':
			return controlProblem(field, '\b')
		case 'f':
			return controlProblem(field, '\f')
		case 'u':
		default:
			continue // \" \\ \/ \t \n \r
		}
		r, ok := hex4(lit, i+1)
		if !ok {
			return nil // malformed: the decoder reports it
		}
		i += 4
		switch {
		case utf16.IsSurrogate(r) && r < 0xdc00:
			// A high surrogate must be followed by an escaped low one.
			if i+6 < len(lit) && lit[i+1] == '\\' && lit[i+2] == 'u' {
				if lo, ok := hex4(lit, i+3); ok && lo >= 0xdc00 && lo <= 0xdfff {
					i += 6
					continue
				}
			}
			return surrogateProblem(field, r)
		case utf16.IsSurrogate(r):
			return surrogateProblem(field, r)
		case forbidden(r):
			return controlProblem(field, r)
		}
	}
	return nil
}

// hex4 reads the four hex digits at lit[i:].
func hex4(lit []byte, i int) (rune, bool) {
	if i+4 > len(lit) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(lit[i:i+4]), 16, 32)
	return rune(n), err == nil
}
