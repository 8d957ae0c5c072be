package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/tradestation-go/tradestation/internal/version"
)

// modulePath is the command's own module.
const modulePath = version.Command

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "Print the version of tradestation, of the SDK it is built with and of Go, and the commit when known.",
		example: "tradestation version",
		setup:   noFlags(runVersion),
	}
}

// versionReport is what `tradestation version --json` prints.
type versionReport struct {
	Command  string `json:"command"`
	SDK      string `json:"sdk"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
	Commit   string `json:"commit,omitempty"`
	Modified bool   `json:"modified,omitempty"`
}

func currentVersion() versionReport {
	rev, modified := version.Commit()
	return versionReport{
		Command:  commandVersion(),
		SDK:      version.SDK(),
		Go:       runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH,
		Commit:   rev,
		Modified: modified,
	}
}

func runVersion(_ context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	if x.g.json {
		return printJSON(x.stdout, currentVersion())
	}
	_, err := fmt.Fprint(x.stdout, versionText())
	return err
}

// versionText is what `tradestation version` and `--version` print.
func versionText() string {
	v := currentVersion()
	var b strings.Builder
	fmt.Fprintf(&b, "tradestation %s\n", v.Command)
	fmt.Fprintf(&b, "sdk     %s %s\n", version.Module, v.SDK)
	fmt.Fprintf(&b, "go      %s %s\n", v.Go, v.Platform)
	if v.Commit != "" {
		modified := ""
		if v.Modified {
			modified = " (with uncommitted changes)"
		}
		fmt.Fprintf(&b, "commit  %s%s\n", v.Commit, modified)
	}
	return b.String()
}

// commandVersion is the command's version: the one the go command
// recorded for its module (go install ...@v0.3.0 records v0.3.0, and
// @latest a pseudo-version naming the commit), else the SDK's, which a
// build from a checkout shares.
func commandVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == modulePath {
		if v := bi.Main.Version; strings.HasPrefix(v, "v") && !strings.HasSuffix(v, "+dirty") {
			return strings.TrimPrefix(v, "v")
		}
	}
	return version.SDK()
}

func completionCommand() *command {
	return &command{
		name: "completion", args: "SHELL", argWords: []string{"bash", "zsh", "fish", "powershell"},
		summary: "Print a script that makes your shell complete tradestation's commands, flags and their values: bash, zsh, fish or powershell.",
		long: `Load the script in the running shell, or install it for every new one. bash needs the bash-completion package.

  bash, now:
    source <(tradestation completion bash)
  bash, from now on:
    echo 'source <(tradestation completion bash)' >> ~/.bashrc
  zsh:
    tradestation completion zsh > "${fpath[1]}/_tradestation"
  fish:
    tradestation completion fish > ~/.config/fish/completions/tradestation.fish
  powershell:
    tradestation completion powershell | Out-String | Invoke-Expression`,
		example: "tradestation completion bash",
		setup:   noFlags(runCompletion),
	}
}

func runCompletion(_ context.Context, x *invocation, args []string) error {
	if len(args) != 1 {
		return usageErrorf("give one shell: bash, zsh, fish or powershell")
	}
	root := x.cobra.Root()
	switch args[0] {
	case "bash":
		return root.GenBashCompletionV2(x.stdout, true)
	case "zsh":
		return root.GenZshCompletion(x.stdout)
	case "fish":
		return root.GenFishCompletion(x.stdout, true)
	case "powershell":
		return root.GenPowerShellCompletionWithDesc(x.stdout)
	}
	return usageErrorf("%q is not a shell this command completes for: bash, zsh, fish or powershell", args[0])
}
