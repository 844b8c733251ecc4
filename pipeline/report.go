package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newsnorm/newsnorm/crawler"
)

// LogAttrs are the summary's figures as slog attributes, for the run's
// last log line: the counts, then skipped_<reason> and failed_<reason>.
func (s *Summary) LogAttrs() []any {
	attrs := []any{
		"requests", s.Requests, "pages", s.PagesFetched, "not_modified", s.NotModified, "articles_fetched", s.ArticlesFetched, "rendered", s.Rendered,
		"written", s.Written, "unchanged", s.Unchanged, "already_done", s.AlreadyDone, "duplicates", s.Duplicates,
		"rejected", s.Rejected, "failed", s.Failed, "invalid_lines", s.InvalidLines, "given_up", s.GivenUp, "bytes", s.Bytes,
		"duration", time.Duration(s.DurationSeconds * float64(time.Second)).Round(time.Millisecond).String(),
	}
	for _, k := range crawler.Reasons(s.SkippedByReason) {
		attrs = append(attrs, "skipped_"+k, s.SkippedByReason[k])
	}
	for _, k := range crawler.Reasons(s.FailedByReason) {
		attrs = append(attrs, "failed_"+k, s.FailedByReason[k])
	}
	return attrs
}

// WriteJSON writes the summary, indented, to path atomically
// (--summary-json).
func (s *Summary) WriteJSON(path string) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, append(data, '\n'))
}

// CheckWritable fails when a file could not be created at path, so that a
// report asked for on the command line (flag names it) fails before the
// run rather than after it.
func CheckWritable(flag, path string) error {
	if path == "" {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".check-*")
	if err != nil {
		return fmt.Errorf("%s %s: cannot write there: %w", flag, path, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// WriteStats prints stats as a table (newsnorm state stats): per site its
// articles and last write, then each of its output files with its
// articles, recorded length and length on disk ("-" when none).
func WriteStats(w io.Writer, stats []SiteStats) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "site\tarticles\tlast written\tfile\tarticles\trecorded\ton disk")
	size := func(n int64) string {
		if n < 0 {
			return "-"
		}
		return fmt.Sprint(n)
	}
	for _, st := range stats {
		fmt.Fprintf(tw, "%s\t%d\t%s", st.Site, st.Articles, st.LastWritten.UTC().Format(time.RFC3339))
		for i, f := range st.Files {
			if i > 0 {
				fmt.Fprint(tw, "\t\t")
			}
			fmt.Fprintf(tw, "\t%s\t%d\t%s\t%s\n", f.Path, f.Articles, size(f.Recorded), size(f.Size))
		}
	}
	return tw.Flush()
}

// CheckTo runs Check and prints its problems and a last line of counts to
// w (newsnorm state check); the error, when the outputs do not match the
// state, says how to mend them.
func (s *State) CheckTo(ctx context.Context, w io.Writer) error {
	r, err := s.Check(ctx)
	if err != nil {
		return err
	}
	serious := 0
	for _, p := range r.Problems {
		fmt.Fprintln(w, p)
		if p.Serious() {
			serious++
		}
	}
	fmt.Fprintf(w, "state %s: %d output files, %d records read, %d problems\n", s.Name(), r.Files, r.Records, serious)
	if serious > 0 {
		return fmt.Errorf("state %s does not match its outputs: %d problems (newsnorm state repair, or rebuild for files it does not know)", s.Name(), serious)
	}
	return nil
}

// RepairTo runs Repair and prints what it did and what it left to w
// (newsnorm state repair); files of records the state does not know are an
// error that names them and says to rebuild.
func (s *State) RepairTo(ctx context.Context, w io.Writer, moved bool) error {
	did, remaining, err := s.Repair(ctx, moved)
	for _, l := range did {
		fmt.Fprintln(w, l)
	}
	if err != nil {
		return err
	}
	if len(did) == 0 {
		fmt.Fprintf(w, "state %s: nothing to repair\n", s.Name())
	}
	var unknown []string
	for _, p := range remaining {
		fmt.Fprintln(w, p, "(left as it is)")
		if p.Kind == Unknown {
			unknown = append(unknown, p.File)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%s hold records state %s does not know: newsnorm state rebuild --from FILE", strings.Join(unknown, ", "), s.Name())
	}
	return nil
}
