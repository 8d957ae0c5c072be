// Command releasecheck compares the SDK's public API with the last release
// tag and says what the next version must be. It fails when the API broke
// and CHANGELOG.md's Unreleased section announces no breaking change, or
// when internal/version.Source is lower than the version the changes
// require. Run it as `make release-check` from the repository root.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/packages"
)

const module = "github.com/tradestation-go/tradestation"

func main() {
	verbose := flag.Bool("v", false, "list every API change, compatible ones included")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: releasecheck [-v] REPOSITORY-ROOT")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "releasecheck:", err)
		os.Exit(1)
	}
}

func run(root string, verbose bool) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	source, err := sourceVersion(root)
	if err != nil {
		return err
	}
	tag, err := lastTag(root)
	if err != nil {
		return err
	}
	if tag == "" {
		fmt.Printf("no release tag yet: the first release will be v%s (internal/version.Source)\n", source)
		return nil
	}
	last, err := parse(tag)
	if err != nil {
		return fmt.Errorf("last tag %s: %w", tag, err)
	}

	base, err := os.MkdirTemp("", "releasecheck-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(base)
	if err := extract(root, tag, base); err != nil {
		return err
	}
	oldAPI, err := load(base)
	if err != nil {
		return fmt.Errorf("loading %s: %w", tag, err)
	}
	newAPI, err := load(root)
	if err != nil {
		return fmt.Errorf("loading the working tree: %w", err)
	}
	report := apidiff.ModuleChanges(oldAPI, newAPI)

	var incompatible, compatible int
	for _, c := range report.Changes {
		if c.Compatible {
			compatible++
		} else {
			incompatible++
		}
	}
	next := last.next(incompatible > 0, compatible > 0)
	fmt.Printf("since %s: %d incompatible and %d compatible API changes\n", tag, incompatible, compatible)
	fmt.Printf("the next release must be at least v%s; internal/version.Source is %s\n", next, source)
	if verbose {
		_ = report.Text(os.Stdout)
	} else if incompatible > 0 {
		_ = report.TextIncompatible(os.Stdout, true)
	}

	var problems []string
	if incompatible > 0 {
		announced, err := breakingAnnounced(filepath.Join(root, "CHANGELOG.md"))
		if err != nil {
			return err
		}
		if !announced {
			problems = append(problems, "the API broke, and CHANGELOG.md's Unreleased section has no **Breaking** entry")
		}
	}
	if v, err := parse("v" + source); err != nil {
		problems = append(problems, fmt.Sprintf("internal/version.Source %q: %v", source, err))
	} else if v.less(next) {
		problems = append(problems, fmt.Sprintf("internal/version.Source is %s; set it to %s or higher", source, next))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// lastTag is the newest release tag reachable from HEAD, or "" if none.
func lastTag(root string) (string, error) {
	out, err := exec.Command("git", "-C", root, "describe", "--tags", "--abbrev=0", "--match", "v[0-9]*.[0-9]*.[0-9]*").Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", nil // no tag (or a shallow clone without one)
		}
		return "", fmt.Errorf("git describe: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// extract writes the tree of tag into dir.
func extract(root, tag, dir string) error {
	archive := exec.Command("git", "-C", root, "archive", "--format=tar", tag)
	untar := exec.Command("tar", "-x", "-C", dir)
	pipe, err := archive.StdoutPipe()
	if err != nil {
		return err
	}
	untar.Stdin = pipe
	var stderr bytes.Buffer
	archive.Stderr, untar.Stderr = &stderr, &stderr
	if err := untar.Start(); err != nil {
		return err
	}
	if err := archive.Run(); err != nil {
		return fmt.Errorf("git archive %s: %v: %s", tag, err, stderr.Bytes())
	}
	if err := untar.Wait(); err != nil {
		return fmt.Errorf("unpacking %s: %v: %s", tag, err, stderr.Bytes())
	}
	return nil
}

// load type-checks the public packages of the module in dir: no main
// packages, nothing under internal/.
func load(dir string) (*apidiff.Module, error) {
	cfg := &packages.Config{
		Dir:  dir,
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
		Env:  append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, err
	}
	m := &apidiff.Module{Path: module}
	var errs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
		if p.Name == "main" || isInternal(p.PkgPath) || p.Types == nil {
			continue
		}
		m.Packages = append(m.Packages, p.Types)
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return m, nil
}

func isInternal(path string) bool {
	return strings.HasSuffix(path, "/internal") || strings.Contains(path, "/internal/")
}

// sourceVersion reads the Source constant of internal/version.
func sourceVersion(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "internal", "version", "version.go"))
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)^const Source = "([^"]+)"`).FindSubmatch(b)
	if m == nil {
		return "", errors.New(`internal/version/version.go has no line const Source = "..."`)
	}
	return string(m[1]), nil
}

// breakingAnnounced reports whether the Unreleased section of the
// changelog has an entry marked **Breaking**.
func breakingAnnounced(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = strings.HasPrefix(strings.ToLower(line), "## [unreleased]")
			continue
		}
		if in && strings.Contains(line, "**Breaking**") {
			return true, nil
		}
	}
	return false, sc.Err()
}

type version struct{ major, minor, patch int }

func (v version) String() string { return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch) }

func (v version) less(w version) bool {
	if v.major != w.major {
		return v.major < w.major
	}
	if v.minor != w.minor {
		return v.minor < w.minor
	}
	return v.patch < w.patch
}

// next is the smallest version after v that the changes allow, by the Go
// module rules: below v1 a break or an addition needs a minor release;
// from v1 on a break needs a major release (a new module path), an
// addition a minor one; anything else a patch.
func (v version) next(broke, added bool) version {
	switch {
	case broke && v.major > 0:
		return version{v.major + 1, 0, 0}
	case broke || added:
		return version{v.major, v.minor + 1, 0}
	}
	return version{v.major, v.minor, v.patch + 1}
}

func parse(s string) (version, error) {
	m := regexp.MustCompile(`^v(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$`).FindStringSubmatch(s)
	if m == nil {
		return version{}, fmt.Errorf("%q is not a version like v1.2.3", s)
	}
	var v version
	v.major, _ = strconv.Atoi(m[1])
	v.minor, _ = strconv.Atoi(m[2])
	v.patch, _ = strconv.Atoi(m[3])
	return v, nil
}
