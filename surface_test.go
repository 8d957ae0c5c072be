package tradestation_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// The generated packages offer one way to call each operation: no wrapper
// with one field per status, no second client, no exported request
// builders, no second option type.
func TestGeneratedCodeHasOneClientAndNoStatusWrappers(t *testing.T) {
	statusField := regexp.MustCompile(`^(JSON|ApplicationVnd\w*)\d{3}$`)
	banned := regexp.MustCompile(`^(ClientWithResponses|ClientInterface|ClientWithResponsesInterface|ClientOption|RequestEditorFn|HttpRequestDoer|\w+JSONRequestBody)$|^(New\w+Request|Parse\w+Response|With\w+)$`)
	for _, file := range []string{"v3/v3.gen.go", "v2/v2.gen.go"} {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Field:
				for _, name := range n.Names {
					if statusField.MatchString(name.Name) {
						t.Errorf("%s: field %s holds one status's answer", file, name.Name)
					}
				}
			case *ast.TypeSpec:
				if banned.MatchString(n.Name.Name) {
					t.Errorf("%s: type %s is a second way to make a call", file, n.Name.Name)
				}
			case *ast.FuncDecl:
				if n.Recv == nil && n.Name.IsExported() && banned.MatchString(n.Name.Name) {
					t.Errorf("%s: func %s is a second way to make a call", file, n.Name.Name)
				}
			}
			return true
		})
	}
}

// Every exported method of the REST clients takes a context first and
// options last, and returns a pointer to the 2xx body and an error; none
// hands out a response or a reader, so none can block on a stream.
func TestEveryMethodReturnsItsBodyOrAnError(t *testing.T) {
	ctxType := reflect.TypeFor[context.Context]()
	optsType := reflect.TypeFor[[]option.RequestOption]()
	errType := reflect.TypeFor[error]()
	for _, typ := range []reflect.Type{reflect.TypeFor[*v3.Client](), reflect.TypeFor[*v2.Client]()} {
		if typ.NumMethod() < 15 {
			t.Errorf("%s has %d methods; the generated operations are missing", typ, typ.NumMethod())
		}
		for i := range typ.NumMethod() {
			m := typ.Method(i)
			ft := m.Type // the receiver is In(0)
			in, out := ft.NumIn(), ft.NumOut()
			switch {
			case in < 3 || ft.In(1) != ctxType || !ft.IsVariadic() || ft.In(in-1) != optsType:
				t.Errorf("%s.%s%s does not take (ctx, ..., opts ...option.RequestOption)", typ, m.Name, ft)
			case out != 2 || ft.Out(0).Kind() != reflect.Pointer || ft.Out(1) != errType:
				t.Errorf("%s.%s%s does not return (*T, error)", typ, m.Name, ft)
			case ft.Out(0) == reflect.TypeFor[*http.Response]() || ft.Out(0).Implements(reflect.TypeFor[io.Reader]()):
				t.Errorf("%s.%s returns a body to read", typ, m.Name)
			}
		}
	}
}

func TestStreamOperationsAreOpenersForPackageStreamNotMethods(t *testing.T) {
	want := []string{
		"v3.StreamBars", "v3.StreamMarketDepthAggregates", "v3.StreamMarketDepthQuotes", "v3.StreamOptionChain",
		"v3.StreamOptionQuotes", "v3.StreamOrders", "v3.StreamOrdersByOrderID", "v3.StreamPositions", "v3.StreamQuotes",
		"v2.StreamBarchartsBarsBack", "v2.StreamBarchartsDaysBack", "v2.StreamBarchartsFromStartDate",
		"v2.StreamBarchartsFromStartDateToEndDate", "v2.StreamQuoteChanges", "v2.StreamQuoteSnapshots", "v2.StreamTickBars",
	}
	got := streamhook.Ops()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("stream openers %v, want %v", got, want)
	}
	clients := map[string]reflect.Type{"v3": reflect.TypeFor[*v3.Client](), "v2": reflect.TypeFor[*v2.Client]()}
	for _, op := range got {
		pkg, name, _ := strings.Cut(op, ".")
		if _, ok := clients[pkg].MethodByName(name); ok {
			t.Errorf("%s is a method of %s", name, clients[pkg])
		}
	}
}
