// Package version is the SDK's one version number: the module's release,
// the User-Agent of every request and the command line's version report
// all come from here.
package version

import (
	"regexp"
	"runtime/debug"
	"strings"
)

// Module is the SDK's module path.
const Module = "github.com/tradestation-go/tradestation"

// Source is the version this source tree is to be released as, without
// the leading "v". The release check (tools/release) compares it with the
// version the API changes since the last tag require, so a tag and this
// line move together.
const Source = "0.2.0"

// SDK is the SDK's version in the running program: the release the go
// command recorded in the build (the SDK as a dependency at v0.2.0, or the
// command installed with go install ...@v0.2.0), otherwise Source marked
// "-devel" (a build from a checkout, or tests).
func SDK() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return fromBuild(bi)
	}
	return Source + "-devel"
}

// Command is the module of the tradestation command, tagged with the SDK
// (cmd/tradestation/vX.Y.Z beside vX.Y.Z).
const Command = Module + "/cmd/tradestation"

func fromBuild(bi *debug.BuildInfo) string {
	m := &bi.Main
	if m.Path != Module {
		m = nil
		for _, d := range bi.Deps {
			if d.Path == Module {
				m = d
				break
			}
		}
	}
	if m != nil && m.Version == "(devel)" && m.Replace == nil && bi.Main.Path == Command {
		// The command built in the repository's workspace (go.work) links
		// the SDK of the same checkout: the command's tag is its release.
		m = &bi.Main
	}
	if m != nil && m.Replace == nil && isRelease(m.Version) {
		return strings.TrimPrefix(m.Version, "v")
	}
	return Source + "-devel"
}

// Commit is the VCS revision the program was built from and whether the
// tree had uncommitted changes; empty when the build does not say (go
// install of a published version records no revision).
func Commit() (revision string, modified bool) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", false
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	return revision, modified
}

var (
	semver = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)
	// A pseudo-version ends in a timestamp and a revision prefix:
	// v0.0.0-20261201090000-9caba10f3a1b, v0.2.1-0.20261201090000-9caba10f3a1b.
	pseudo = regexp.MustCompile(`[-.]\d{14}-[0-9a-f]{12}$`)
)

// isRelease reports whether v is a tagged release: semantic, not a
// pseudo-version, not "(devel)", not built from a modified tree.
func isRelease(v string) bool {
	return semver.MatchString(v) && !pseudo.MatchString(v)
}
