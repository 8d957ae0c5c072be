package main

import "fmt"

// listing is how a command shows a list it fetched: a JSON array with
// --json, else a table with one row per item.
type listing[T any] struct {
	header []string
	row    func(T) []cell
	// elastic are the columns of free text that may be shortened to fit
	// the terminal.
	elastic []int
	// empty is printed instead of the table when there is nothing to show
	// and nothing went wrong; "" prints nothing.
	empty string
}

// print shows items, then the problems TradeStation reported beside them
// (the last one is the command's error).
func (l listing[T]) print(x *invocation, items []T, bad problems) error {
	if err := l.show(x, items, len(bad.lines) > 0); err != nil {
		return err
	}
	return bad.report(x.stderr)
}

func (l listing[T]) show(x *invocation, items []T, failed bool) error {
	switch {
	case x.g.json:
		return printJSON(x.stdout, list(items))
	case len(items) == 0:
		if l.empty != "" && !failed {
			_, err := fmt.Fprintln(x.stdout, l.empty)
			return err
		}
		return nil
	}
	t := x.table(l.header...).shrinkable(l.elastic...)
	for _, item := range items {
		t.row(l.row(item)...)
	}
	return t.flush()
}

// table starts a table on stdout, coloured and as wide as the command's
// settings say.
func (x *invocation) table(header ...string) *table {
	return newTable(x.stdout, x.colour(), x.tableWidth(x.g), header...)
}
