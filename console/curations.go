package console

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/curation"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/golden"
)

// Curator checks, keeps and undoes curations; *curation.Service is one.
type Curator interface {
	History(ctx context.Context) ([]feedback.Curation, error)
	Check(ctx context.Context, c feedback.Curation) (curation.Report, error)
	Apply(ctx context.Context, c feedback.Curation) (curation.Report, error)
	Undo(ctx context.Context, version int64, author, reason string) (curation.Report, error)
}

// maxCurationBytes bounds a curation's body: a reply in two languages.
const maxCurationBytes = 64 << 10

// curationList is GET /api/curations.
type curationList struct {
	Version   int64               `json:"version"`
	Curations []feedback.Curation `json:"curations"`
	// Sentences are the text of each sentence a curation names, by id,
	// so that staff read what a link points to, not its id.
	Sentences map[string]string `json:"sentences"`
}

func (s *server) listCurations(w http.ResponseWriter, r *http.Request) {
	if !s.curating(w) {
		return
	}
	hist, err := s.cfg.Curator.History(r.Context())
	if err != nil {
		s.cfg.Log.Warn("curations not read", zap.Error(err))
		writeError(w, http.StatusServiceUnavailable, "the database could not be read")
		return
	}
	out := curationList{Curations: hist, Sentences: map[string]string{}}
	if len(hist) > 0 {
		out.Version = hist[len(hist)-1].Version
	}
	for _, c := range hist {
		if c.Sentence == "" || out.Sentences[c.Sentence] != "" {
			continue
		}
		if text, ok := sentenceText(s.cfg.Engine, c.Sentence); ok {
			out.Sentences[c.Sentence] = text
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *server) curating(w http.ResponseWriter) bool {
	if s.cfg.Curator == nil {
		writeError(w, http.StatusServiceUnavailable, "no database: curations are kept in serve's --db")
		return false
	}
	return true
}

// readCuration reads a curation body. The author is who signed in and the
// time is now, whatever the body says: a member of staff cannot make a
// change in another's name.
func (s *server) readCuration(w http.ResponseWriter, r *http.Request) (feedback.Curation, bool) {
	var c feedback.Curation
	if !s.curating(w) || !jsonBody(w, r) {
		return c, false
	}
	if err := decodeOne(http.MaxBytesReader(w, r.Body, maxCurationBytes), &c); err != nil {
		writeError(w, http.StatusBadRequest, `body must be one curation, e.g. {"type":"link","question":"…","sentence":"p4.s2","reason":"…"}: `+err.Error())
		return c, false
	}
	if c.Type == feedback.KindUndo {
		writeError(w, http.StatusBadRequest, "undo a curation with POST /api/curations/{version}/undo")
		return c, false
	}
	c.Author, c.At, c.Version, c.UndoneBy, c.Undoes = StaffName(r), time.Now(), 0, 0, 0
	return c, true
}

func (s *server) checkCuration(w http.ResponseWriter, r *http.Request) {
	c, ok := s.readCuration(w, r)
	if !ok {
		return
	}
	rep, err := s.cfg.Curator.Check(r.Context(), c)
	if err != nil {
		s.curationError(w, rep, err)
		return
	}
	writeJSON(w, http.StatusOK, s.withSentences(rep))
}

func (s *server) applyCuration(w http.ResponseWriter, r *http.Request) {
	c, ok := s.readCuration(w, r)
	if !ok {
		return
	}
	if strings.TrimSpace(c.Reason) == "" {
		writeError(w, http.StatusBadRequest, "say why (reason): the history keeps it for whoever reads it next")
		return
	}
	rep, err := s.cfg.Curator.Apply(r.Context(), c)
	if err != nil {
		s.curationError(w, rep, err)
		return
	}
	s.cfg.Log.Info("curation applied", zap.Int64("version", rep.Curation.Version), zap.String("type", rep.Curation.Type), zap.String("author", rep.Curation.Author))
	writeJSON(w, http.StatusCreated, s.withSentences(rep))
}

// undoInput is the body of POST /api/curations/{version}/undo.
type undoInput struct {
	Reason string `json:"reason"`
}

func (s *server) undoCuration(w http.ResponseWriter, r *http.Request) {
	if !s.curating(w) || !jsonBody(w, r) {
		return
	}
	version, err := strconv.ParseInt(r.PathValue("version"), 10, 64)
	if err != nil || version < 1 {
		writeError(w, http.StatusBadRequest, "the version to undo must be a positive number")
		return
	}
	var in undoInput
	if err := decodeOne(http.MaxBytesReader(w, r.Body, 4096), &in); err != nil {
		writeError(w, http.StatusBadRequest, `body must be {"reason":"…"}: `+err.Error())
		return
	}
	if strings.TrimSpace(in.Reason) == "" {
		writeError(w, http.StatusBadRequest, "say why (reason): the history keeps it for whoever reads it next")
		return
	}
	rep, err := s.cfg.Curator.Undo(r.Context(), version, StaffName(r), in.Reason)
	if err != nil {
		s.curationError(w, rep, err)
		return
	}
	s.cfg.Log.Info("curation undone", zap.Int64("version", rep.Curation.Version), zap.Int64("undoes", version), zap.String("author", rep.Curation.Author))
	writeJSON(w, http.StatusOK, s.withSentences(rep))
}

// curationRefusal is a refused change: why, and for a change that would
// break golden answers, the report naming them.
type curationRefusal struct {
	Error  string       `json:"error"`
	Report *checkReport `json:"report,omitempty"`
}

// checkReport is a check's report with the words of every sentence its
// answers cite, so that staff read a before and after as sentences, not
// ids.
type checkReport struct {
	curation.Report
	Sentences map[string]string `json:"sentences"`
}

func (s *server) withSentences(rep curation.Report) checkReport {
	out := checkReport{Report: rep, Sentences: map[string]string{}}
	add := func(id string) {
		if id == "" || out.Sentences[id] != "" {
			return
		}
		if text, ok := sentenceText(s.cfg.Engine, id); ok {
			out.Sentences[id] = text
		}
	}
	add(rep.Curation.Sentence)
	for _, list := range [][]golden.Change{rep.Broken, rep.Fixed, rep.Changed} {
		for _, ch := range list {
			add(ch.Before.Sentence)
			add(ch.After.Sentence)
		}
	}
	return out
}

func (s *server) curationError(w http.ResponseWriter, rep curation.Report, err error) {
	switch {
	case errors.Is(err, curation.ErrBreaks):
		report := s.withSentences(rep)
		writeJSON(w, http.StatusConflict, curationRefusal{Error: err.Error(), Report: &report})
	case errors.Is(err, feedback.ErrBadCuration):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, feedback.ErrNoCuration):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, feedback.ErrUndone):
		writeError(w, http.StatusConflict, err.Error())
	default:
		s.cfg.Log.Warn("curation change failed", zap.Error(err))
		writeError(w, http.StatusServiceUnavailable, "the curation could not be checked or kept; try again")
	}
}

// jsonBody refuses a state-changing request whose body is not JSON: a
// page of another site can post a form or text/plain without asking, but
// not JSON, so this is a second line against cross-site requests beside
// the origin check.
func jsonBody(w http.ResponseWriter, r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		w.Header().Set("Connection", "close")
		writeError(w, http.StatusUnsupportedMediaType, "send the body as Content-Type: application/json")
		return false
	}
	return true
}

// decodeOne reads exactly one JSON object with only known fields.
func decodeOne(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("trailing data after the JSON object")
	}
	return nil
}

// sentenceText is the text of the sentence an id names, in the reports
// the engine answers from.
func sentenceText(e Engine, id string) (string, bool) {
	rep, ok := e.Find(id)
	if !ok {
		return "", false
	}
	p, ok := rep.Paragraph(id)
	if !ok {
		return "", false
	}
	for _, st := range p.Sentences {
		if st.ID == id {
			return st.Text, true
		}
	}
	return "", false
}
