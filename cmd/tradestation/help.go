package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// rootLong is the part of the top-level help between the usage line and
// the commands.
const rootLong = `Without credentials every command runs against a built-in fake TradeStation (an offline demo) that lives as long as the command. Set TRADESTATION_CLIENT_ID and TRADESTATION_CLIENT_SECRET and run "tradestation login" to use your accounts; the simulator is used unless --live is given. "tradestation fake" runs a fake that lasts: set the TRADESTATION_* lines it prints (TRADESTATION_API_URL and the others) in another terminal, and orders stay from one command to the next.`

// printHelp writes the help of c, wrapped to the width that help fits
// in. g is nil when the help stands in for a missing command: it goes to
// stderr then.
func (a *app) printHelp(c *cobra.Command, g *globals) {
	w := a.stdout
	if g == nil {
		w, g = a.stderr, &globals{}
	}
	h := helpWriter{w: w, width: a.helpWidth(g)}
	switch {
	case !c.HasParent():
		h.root(c)
	case c.HasAvailableSubCommands():
		h.group(c)
	default:
		h.leaf(c)
	}
}

// helpWriter writes help text wrapped to width columns.
type helpWriter struct {
	w     io.Writer
	width int
}

func (h helpWriter) root(c *cobra.Command) {
	h.paragraph(c.Short)
	h.line("")
	h.line("usage: tradestation COMMAND [ARGS] [flags]")
	h.line("")
	h.paragraph(c.Long)
	h.line("")
	h.line("commands:")
	var rows [][2]string
	for _, leaf := range leaves(c) {
		rows = append(rows, [2]string{strings.TrimSpace(path(leaf) + " " + argsOf(leaf)), leaf.Short})
	}
	h.columns(rows)
	h.line("")
	h.line("global flags (accepted by every command):")
	h.columns(append(flagRows(c.PersistentFlags()), flagRows(c.LocalNonPersistentFlags())...))
	h.line("")
	h.line("exit codes:")
	h.columns(exitCodes)
	h.line("")
	h.paragraph(`Run "tradestation COMMAND --help" for a command's flags and an example; "tradestation completion --help" tells how to make your shell complete commands and flags.`)
}

func (h helpWriter) group(c *cobra.Command) {
	h.line("usage: " + c.CommandPath() + " COMMAND [ARGS] [flags]")
	h.line("")
	h.paragraph(c.Short)
	h.line("")
	h.line("commands:")
	var rows [][2]string
	for _, leaf := range leaves(c) {
		rows = append(rows, [2]string{strings.TrimSpace(path(leaf) + " " + argsOf(leaf)), leaf.Short})
	}
	h.columns(rows)
	h.line("")
	h.paragraph(fmt.Sprintf("Run %q for a command's flags and an example.", c.CommandPath()+" COMMAND --help"))
}

func (h helpWriter) leaf(c *cobra.Command) {
	h.line("usage: " + strings.TrimSpace(c.CommandPath()+" [flags] "+argsOf(c)))
	h.line("")
	h.paragraph(c.Short)
	if c.Long != "" {
		h.line("")
		h.paragraph(c.Long)
	}
	if c.Example != "" {
		h.line("")
		h.line("example:")
		for _, l := range strings.Split(c.Example, "\n") {
			for _, part := range continued(l, h.width-2) {
				h.line("  " + part)
			}
		}
	}
	own := c.LocalNonPersistentFlags()
	if rows := flagRows(own); len(rows) > 0 {
		h.line("")
		h.line("flags:")
		h.columns(rows)
	}
	var global []string
	c.InheritedFlags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			global = append(global, "--"+f.Name)
		}
	})
	if len(global) > 0 {
		h.line("")
		h.paragraph("global flags: " + strings.Join(global, " ") + " (see tradestation --help)")
	}
}

// leaves lists the commands under c that do something, in the order they
// were added, skipping hidden ones.
func leaves(c *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, sub := range c.Commands() {
		switch {
		case !sub.IsAvailableCommand() && sub.Name() != "help":
		case sub.HasAvailableSubCommands():
			out = append(out, leaves(sub)...)
		default:
			out = append(out, sub)
		}
	}
	return out
}

// argsOf is the positional part of a command's Use line.
func argsOf(c *cobra.Command) string {
	_, rest, _ := strings.Cut(c.Use, " ")
	return rest
}

// flagRows lists flags as help shows them, sorted by name: the flag with
// its value's name, and what it does with its default.
func flagRows(fs *pflag.FlagSet) [][2]string {
	var rows [][2]string
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "--" + f.Name
		if f.Shorthand != "" {
			left = "-" + f.Shorthand + ", " + left
		}
		if p := placeholderOf(f); p != "" {
			left += " " + p
		}
		usage := f.Usage
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "0s" && d != "[]" && !strings.Contains(usage, "(default") {
			usage += " (default " + d + ")"
		}
		rows = append(rows, [2]string{left, usage})
	})
	slices.SortFunc(rows, func(a, b [2]string) int {
		return strings.Compare(strings.TrimLeft(strings.TrimPrefix(a[0], "-h, "), "-"), strings.TrimLeft(strings.TrimPrefix(b[0], "-h, "), "-"))
	})
	return rows
}

// placeholderOf names the value a flag takes in help; "" for a switch.
func placeholderOf(f *pflag.Flag) string {
	if p, ok := f.Annotations[placeholderKey]; ok && len(p) > 0 {
		return p[0]
	}
	switch t := f.Value.Type(); t {
	case "bool":
		return ""
	case "string", "stringArray":
		return "VALUE"
	default:
		return t
	}
}

func (h helpWriter) line(s string) { fmt.Fprintln(h.w, strings.TrimRight(s, " ")) }

// paragraph writes text wrapped to the width; lines that start with a
// space keep their shape (commands, examples), and blank lines separate
// paragraphs.
func (h helpWriter) paragraph(text string) {
	for _, l := range wrapText(text, h.width) {
		h.line(l)
	}
}

// columns writes rows of a name and its description: names in a column
// of their own, descriptions wrapped beside them, or below a name too
// long for the column.
func (h helpWriter) columns(rows [][2]string) {
	const indent, gap = 2, 2
	nameWidth := 0
	limit := max(h.width*2/5, 12)
	for _, r := range rows {
		if n := utf8.RuneCountInString(r[0]); n <= limit {
			nameWidth = max(nameWidth, n)
		}
	}
	textWidth := max(h.width-indent-nameWidth-gap, 20)
	pad := strings.Repeat(" ", indent+nameWidth+gap)
	for _, r := range rows {
		lines := wrapText(r[1], textWidth)
		if len(lines) == 0 {
			lines = []string{""}
		}
		name := strings.Repeat(" ", indent) + r[0]
		if utf8.RuneCountInString(r[0]) > nameWidth {
			h.line(name)
			for _, l := range lines {
				h.line(pad + l)
			}
			continue
		}
		h.line(name + strings.Repeat(" ", nameWidth-utf8.RuneCountInString(r[0])+gap) + lines[0])
		for _, l := range lines[1:] {
			h.line(pad + l)
		}
	}
}

// wrapText breaks text into lines of at most width columns at spaces. A
// line of text that starts with a space is kept as it is; a blank line
// stays blank.
func wrapText(text string, width int) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		switch {
		case strings.TrimSpace(l) == "":
			flush()
			out = append(out, "")
			continue
		case strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t"):
			flush()
			out = append(out, strings.ReplaceAll(l, "\t", "    "))
			continue
		}
		for _, word := range strings.Fields(l) {
			if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(word) > width {
				flush()
			}
			if cur.Len() > 0 {
				cur.WriteByte(' ')
			}
			cur.WriteString(word)
		}
	}
	flush()
	return out
}

// continued breaks a long command line into lines of at most width
// columns that a shell reads as one: each but the last ends with a
// backslash, and the ones after the first are indented.
func continued(line string, width int) []string {
	if utf8.RuneCountInString(line) <= width {
		return []string{line}
	}
	var out []string
	cur := ""
	for _, w := range strings.Fields(line) {
		next := strings.TrimSpace(cur + " " + w)
		if cur != "" && utf8.RuneCountInString(next)+2 > width {
			out = append(out, cur+" \\")
			cur = "  " + w
			continue
		}
		if cur == "" {
			next = w
		} else {
			next = cur + " " + w
		}
		cur = next
	}
	return append(out, cur)
}
