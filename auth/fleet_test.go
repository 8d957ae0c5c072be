//go:build unix

package auth_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/internal/fleettest"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

func TestMain(m *testing.M) {
	if role := fleettest.Role(); role != "" {
		os.Exit(runChild(role))
	}
	os.Exit(m.Run())
}

// runChild plays a child's part in a fleet test.
func runChild(role string) int {
	switch role {
	case "filestore-hammer":
		goroutines, _ := strconv.Atoi(os.Getenv("FLEET_GOROUTINES"))
		url := os.Getenv("FLEET_URL")
		sess, err := fleettest.Session(url, auth.NewFileStore(os.Getenv("FLEET_TOKEN_FILE")))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		ctx, cancel := fleettest.UntilStopped()
		defer cancel()
		fleettest.Emit(fleettest.Hammer(ctx, sess, fleettest.HTTPClient(), url+fleetPath, goroutines, 2*time.Second))
		return 0
	case "filestore-lock-holder": // takes the lock and waits to be killed
		if _, err := auth.NewFileStore(os.Getenv("FLEET_TOKEN_FILE")).Lock(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println("locked")
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
		return 0
	}
	fmt.Fprintf(os.Stderr, "unknown role %q\n", role)
	return 2
}

// fleetPath is a cheap API call that needs a valid access token.
const fleetPath = "/v3/orderexecution/routes"

// Fleet figures: 3 processes of fleettest.Goroutines goroutines each
// (1,000; 100 under the race detector), access tokens that live 4 s
// (refreshed after 2 s), rotation on.
const (
	fleetProcesses = 3
	fleetLifetime  = 4 * time.Second
)

func TestFileStoreFleetMakesOneTokenRequestPerRotation(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three processes of 1,000 goroutines for several seconds")
	}
	srv := tradestationtest.NewServer(tradestationtest.WithRefreshTokenRotation(), tradestationtest.WithAccessTokenLifetime(fleetLifetime))
	defer srv.Close()
	proxy := fleettest.NewProxy(srv.URL())
	defer proxy.Close()
	path := filepath.Join(t.TempDir(), "token.json")
	if err := auth.NewFileStore(path).Save(context.Background(), fleettest.Login(srv)); err != nil {
		t.Fatal(err)
	}

	children := make([]*fleettest.Child, fleetProcesses)
	for i := range children {
		children[i] = fleettest.Start(t, "filestore-hammer",
			"FLEET_URL="+proxy.URL, "FLEET_TOKEN_FILE="+path, "FLEET_GOROUTINES="+strconv.Itoa(fleettest.Goroutines))
	}
	fleettest.CheckFleet(t, children, proxy, fleetLifetime)
}

func TestFileStoreLockOfAKilledProcessIsReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	child := fleettest.Start(t, "filestore-lock-holder", "FLEET_TOKEN_FILE="+path)
	if got := child.Line(t); got != "locked" {
		t.Fatalf("child said %q", got)
	}
	store := auth.NewFileStore(path)
	short, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := store.Lock(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lock while another process holds it: %v, want a wait", err)
	}
	child.Kill()
	ctx, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	unlock, err := store.Lock(ctx)
	if err != nil {
		t.Fatalf("Lock after the holder was killed: %v", err)
	}
	unlock()
}
