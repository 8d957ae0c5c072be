package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildPrefersTheRecordedRelease(t *testing.T) {
	tests := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"dependency at a tag", debug.BuildInfo{
			Main: debug.Module{Path: "example.com/bot", Version: "(devel)"},
			Deps: []*debug.Module{{Path: Module, Version: "v0.3.1"}},
		}, "0.3.1"},
		{"installed with go install @tag", debug.BuildInfo{
			Main: debug.Module{Path: Module, Version: "v0.4.0"},
		}, "0.4.0"},
		{"prerelease tag", debug.BuildInfo{
			Main: debug.Module{Path: Module, Version: "v0.5.0-rc.1"},
		}, "0.5.0-rc.1"},
		{"checkout between tags", debug.BuildInfo{
			Main: debug.Module{Path: Module, Version: "v0.2.1-0.20261201090000-9caba10f3a1b"},
		}, Source + "-devel"},
		{"checkout with changes", debug.BuildInfo{
			Main: debug.Module{Path: Module, Version: "v0.2.0+dirty"},
		}, Source + "-devel"},
		{"untagged repository", debug.BuildInfo{
			Main: debug.Module{Path: Module, Version: "v0.0.0-20261201090000-9caba10f3a1b"},
		}, Source + "-devel"},
		{"go build without VCS", debug.BuildInfo{
			Main: debug.Module{Path: Module, Version: "(devel)"},
		}, Source + "-devel"},
		{"dependency replaced by a local copy", debug.BuildInfo{
			Main: debug.Module{Path: "example.com/bot"},
			Deps: []*debug.Module{{Path: Module, Version: "v0.3.1", Replace: &debug.Module{Path: "../tradestation"}}},
		}, Source + "-devel"},
		{"the command installed with go install @tag", debug.BuildInfo{
			Main: debug.Module{Path: Command, Version: "v0.4.0"},
			Deps: []*debug.Module{{Path: Module, Version: "v0.4.0"}},
		}, "0.4.0"},
		{"the command built in the workspace at its tag", debug.BuildInfo{
			Main: debug.Module{Path: Command, Version: "v0.4.0"},
			Deps: []*debug.Module{{Path: Module, Version: "(devel)"}},
		}, "0.4.0"},
		{"the command built in the workspace between tags", debug.BuildInfo{
			Main: debug.Module{Path: Command, Version: "v0.4.1-0.20261201090000-9caba10f3a1b"},
			Deps: []*debug.Module{{Path: Module, Version: "(devel)"}},
		}, Source + "-devel"},
		{"another program in a workspace with the SDK", debug.BuildInfo{
			Main: debug.Module{Path: "example.com/bot", Version: "v1.0.0"},
			Deps: []*debug.Module{{Path: Module, Version: "(devel)"}},
		}, Source + "-devel"},
		{"not linked at all", debug.BuildInfo{
			Main: debug.Module{Path: "example.com/other", Version: "v1.0.0"},
		}, Source + "-devel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fromBuild(&tt.bi); got != tt.want {
				t.Errorf("fromBuild = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSourceIsASemanticVersion(t *testing.T) {
	if !isRelease("v" + Source) {
		t.Fatalf("Source %q is not a release version like 1.2.3", Source)
	}
}
