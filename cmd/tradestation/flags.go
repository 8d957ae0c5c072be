package main

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tradestation-go/tradestation/value"
)

// flagSet is where a command registers its flags: pflag's set, plus
// helpers that give every flag of a kind the same check, the same error
// and, for flags with a fixed set of values, shell completion.
type flagSet struct {
	*pflag.FlagSet
	cmd *cobra.Command
}

// placeholderKey is the annotation that names a flag's value in help
// (--account ACCOUNT).
const placeholderKey = "tradestation/placeholder"

// text registers a string flag whose value help calls placeholder.
func (f *flagSet) text(p *string, name, def, placeholder, usage string) {
	f.StringVar(p, name, def, usage)
	f.placeholder(name, placeholder)
}

func (f *flagSet) placeholder(name, placeholder string) {
	_ = f.SetAnnotation(name, placeholderKey, []string{placeholder})
}

// choice registers a string flag that takes one of a few words, which
// the shell completes. The command checks the value (it may accept
// other spellings too).
func (f *flagSet) choice(p *string, name, def, usage string, words ...string) {
	f.StringVar(p, name, def, usage)
	f.placeholder(name, strings.ToUpper(name))
	f.complete(name, words...)
}

// complete lets the shell offer words as the values of flag name.
func (f *flagSet) complete(name string, words ...string) {
	_ = f.cmd.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	})
}

// whole registers a flag that takes a whole number from min to max.
func whole[T int | int32 | int64](f *flagSet, p *T, name string, def, min, max T, usage string) {
	*p = def
	f.Var(&wholeValue[T]{p: p, name: name, min: min, max: max}, name, usage)
	f.Lookup(name).DefValue = strconv.FormatInt(int64(def), 10)
}

// wholeValue is a whole-number flag with bounds; every one refuses a bad
// value with the same words.
type wholeValue[T int | int32 | int64] struct {
	p        *T
	name     string
	min, max T
}

func (v *wholeValue[T]) Set(s string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < int64(v.min) || n > int64(v.max) {
		return flagErrorf("%s, not %q", wholeRule(v.name, int64(v.min), int64(v.max)), s)
	}
	*v.p = T(n)
	return nil
}

func (v *wholeValue[T]) String() string { return strconv.FormatInt(int64(*v.p), 10) }
func (v *wholeValue[T]) Type() string   { return "N" }

// wholeRule words what a whole-number flag takes: "--barsback must be a
// whole number from 1 to 57,600".
func wholeRule(name string, min, max int64) string {
	if min == math.MinInt64 && max == math.MaxInt64 {
		return fmt.Sprintf("--%s must be a whole number", name)
	}
	return fmt.Sprintf("--%s must be a whole number from %s to %s", name, grouped(min), grouped(max))
}

// grouped writes n with a comma between groups of three digits.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

// span registers a duration flag; positive says whether zero is refused.
func (f *flagSet) span(p *time.Duration, name string, def time.Duration, positive bool, usage string) {
	*p = def
	f.Var(&durationValue{p: p, name: name, positive: positive}, name, usage)
	if def == 0 {
		f.Lookup(name).DefValue = "0s"
	}
}

// durationValue is a duration flag; negative durations are refused, and
// zero too when positive is set.
type durationValue struct {
	p        *time.Duration
	name     string
	positive bool
}

func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d < 0 || (v.positive && d == 0) {
		least := "of zero or more"
		if v.positive {
			least = "above zero"
		}
		return flagErrorf("--%s must be a duration %s, such as 30s, 5m or 1h30m, not %q", v.name, least, s)
	}
	*v.p = d
	return nil
}

func (v *durationValue) String() string { return v.p.String() }
func (v *durationValue) Type() string   { return "DURATION" }

// flagError is a flag value that the command refuses, worded in full.
type flagError struct{ msg string }

func (e *flagError) Error() string { return e.msg }

func flagErrorf(format string, args ...any) error {
	return &flagError{fmt.Sprintf(format, args...)}
}

// plainDecimal matches a number as people write prices and quantities:
// digits with an optional fraction. No sign, no exponent, no separators.
var plainDecimal = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$|^\.[0-9]+$`)

// What the positive decimal flags hold, for their error message.
const (
	quantityWords = "a quantity above zero, such as 10 or 0.5"
	priceWords    = "a price above zero, such as 400 or 12.25"
)

// positiveDecimal reads the value of a price or quantity flag: plain
// decimal notation only (1e3 is refused, not read as 1,000), above zero.
func positiveDecimal(flagName, words, s string) (value.Decimal, error) {
	t := strings.TrimSpace(s)
	if plainDecimal.MatchString(t) {
		if d, err := value.ParseDecimal(t); err == nil && d.Sign() > 0 {
			return d, nil
		}
	}
	return value.Decimal{}, usageErrorf("--%s must be %s, written with digits and an optional decimal point, not %q", flagName, words, s)
}

// optionalPositive is positiveDecimal for a flag that may be left out
// (zero).
func optionalPositive(flagName, words, s string) (value.Decimal, error) {
	if s == "" {
		return value.Decimal{}, nil
	}
	return positiveDecimal(flagName, words, s)
}
