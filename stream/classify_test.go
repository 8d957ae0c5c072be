package stream

import (
	"errors"
	"os"
	"regexp"
	"testing"
	"time"
)

func TestClassifyTellsKindsApartByTopLevelKeys(t *testing.T) {
	tests := []struct {
		msg  string
		want kind
	}{
		{`{"Heartbeat":1,"Timestamp":"2024-01-02T03:04:05Z"}`, kindHeartbeat},
		{` { "Timestamp" : "x" , "Heartbeat" : 7 } `, kindHeartbeat},
		{`{"StreamStatus":"EndSnapshot"}`, kindEndSnapshot},
		{`{"StreamStatus":"GoAway"}`, kindGoAway},
		{`{"StreamStatus":"SomethingElse"}`, kindOtherStatus},
		{`{"Error":"DualLogon","Message":"x"}`, kindError},
		{`{"Symbol":"MSFT","Error":"EX_INVALID_SYMBOL"}`, kindError},
		{`{"Error":"","Last":"1.5"}`, kindData},
		{`{"Error":null,"Last":"1.5"}`, kindData},
		{`{"Symbol":"MSFT","Inner":{"Error":"nested"},"List":[{"Error":"x"}]}`, kindData},
		{`{"Symbol":"a\"Error\":\"b","Last":"1"}`, kindData},
		{`{"Msg":"\\","Error":"Failed"}`, kindError},
		{`{"Heartbeat":1,"Error":"x"}`, kindHeartbeat},
		{`{"heartbeat":1,"timestamp":"\/Date(1700000000000)\/"}`, kindHeartbeat},
		{`{}`, kindData},
		{`{"n":-1.5e3,"t":true,"f":false,"z":null,"a":[],"o":{}}`, kindData},
	}
	for _, tt := range tests {
		got, err := classify([]byte(tt.msg))
		if err != nil || got != tt.want {
			t.Errorf("classify(%s) = %v, %v; want %v", tt.msg, got, err, tt.want)
		}
	}
}

func TestClassifyRejectsWhatIsNotOneJSONObject(t *testing.T) {
	tests := []struct {
		msg  string
		want error
	}{
		{``, errNotObject},
		{`[1,2]`, errNotObject},
		{`"text"`, errNotObject},
		{`END`, errNotObject},
		{`null`, errNotObject},
		{`{"Error":"x"`, errTruncated},
		{`{"Error":"unterminated}`, errTruncated},
		{`{"Error":{"b":1}`, errTruncated},
		{`{"Heartbeat"`, errSyntax},
		{`{"Heartbeat":}`, errSyntax},
		{`{Heartbeat":1}`, errSyntax},
		{`{"a":1 "Error":2}`, errSyntax},
		{`{"Error":"x"} {"b":2}`, errSyntax},
		{`{,"StreamStatus"}`, errSyntax},
	}
	for _, tt := range tests {
		if _, err := classify([]byte(tt.msg)); !errors.Is(err, tt.want) {
			t.Errorf("classify(%s) error = %v, want %v", tt.msg, err, tt.want)
		}
	}
}

// Objects that hold none of the three key names are data without a key
// scan; the decoder finds what is wrong with them.
func TestClassifyLeavesObjectsWithoutControlNamesToTheDecoder(t *testing.T) {
	for _, msg := range []string{`{"a":1`, `{"a":}`, `{"a":1} {"b":2}`} {
		if k, err := classify([]byte(msg)); k != kindData || err != nil {
			t.Errorf("classify(%s) = %v, %v; want data", msg, k, err)
		}
	}
}

func TestClassifyDoesNotAllocate(t *testing.T) {
	for _, msg := range [][]byte{
		[]byte(`{"Symbol":"MSFT","Last":"412.50","MarketFlags":{"IsHalted":false}}`),
		[]byte(`{"Symbol":"MSFT","Last":"412.50","MarketFlags":{"IsHalted":false},"Error":"","Heartbeat2":1}`),
	} {
		if n := testing.AllocsPerRun(100, func() { classify(msg) }); n != 0 {
			t.Errorf("classify(%s) allocates %v times", msg, n)
		}
	}
}

func TestParseHeartbeatReadsCountAndTimestamp(t *testing.T) {
	tests := []struct {
		msg  string
		want Heartbeat
	}{
		{`{"Heartbeat":12,"Timestamp":"2024-01-02T03:04:05Z"}`, Heartbeat{12, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}},
		{`{"Heartbeat":"3"}`, Heartbeat{Count: 3}},
		{`{"Heartbeat":1,"Timestamp":"yesterday"}`, Heartbeat{Count: 1}},
		{`{"heartbeat":4,"timestamp":"\/Date(1700000000000)\/"}`, Heartbeat{4, time.UnixMilli(1700000000000)}},
	}
	for _, tt := range tests {
		if got := parseHeartbeat([]byte(tt.msg)); got.Count != tt.want.Count || !got.Timestamp.Equal(tt.want.Timestamp) {
			t.Errorf("parseHeartbeat(%s) = %+v, want %+v", tt.msg, got, tt.want)
		}
	}
}

// Every stream error text that TradeStation documents or that its users
// have reported (../shared/reference/api-facts.md, "Stream errors seen"),
// as it arrives, with the verdict it must get.
func TestEveryKnownStreamErrorTextHasItsVerdict(t *testing.T) {
	tests := []struct {
		code, message string
		want          Verdict
	}{
		{"GoAway", "", Transient},
		{"FAILED", "", Transient},
		{"Failed", "internal", Transient},
		{"DATAFEED_NOT_CONNECTED", "", Transient},
		{"RESET", "", Transient},
		{"Unable to retrieve exchange utc offset minutes - RESET", "", Transient},
		{"The operation has timed out.", "", Transient},
		{"Error", "The operation has timed out", Transient},
		{"InternalServerError", "", Transient},
		{"ServiceUnavailable", "", Transient},
		{"GatewayTimeout", "", Transient},
		{"FAILED, EX_INVALID_SYMBOL", "", PerSubject},
		{"EX_INVALID_SYMBOL", "", PerSubject},
		{"FAILED, NOT ENTITLED", "", PerSubject},
		{"FAILED, EX_NOT_ENTITLED", "", PerSubject},
		{"FAILED,EX_NOT_ENTITLED", "", PerSubject},
		{"FAILED, EX_NO_DATA_AVAILABLE", "", PerSubject},
		{"No data available.", "", PerSubject},
		{"Failed", "Not entitled to data for this symbol", PerSubject},
		{"NotFound", "Account 1 was not found.", PerSubject},
		{"BadRequest", "", PerSubject},
		{"Forbidden", "", PerSubject},
		{"DualLogon", "", Fatal},
		{"DualLogon", "Another session signed in", Fatal},
		{"duallogon", "", Fatal},
		{"Unauthorized", "", Fatal},
		{"SomethingNew", "?", Unclassified},
		{"", "", Unclassified},
	}
	for _, tt := range tests {
		if got := verdictOf(tt.code, tt.message); got != tt.want {
			t.Errorf("verdictOf(%q, %q) = %v, want %v", tt.code, tt.message, got, tt.want)
		}
	}
}

// The package doc's table is the documentation of verdicts: every quoted
// text in its first column must get the verdict of its second.
func TestDocTableMatchesTheCode(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^//\t"([^"]+)"(?: \(and StreamStatus "GoAway"\))?\s{2,}(\S+)`)
	rows := row.FindAllStringSubmatch(string(src), -1)
	if len(rows) < 20 {
		t.Fatalf("found %d rows in the doc table, want the whole table", len(rows))
	}
	for _, r := range rows {
		if got := verdictOf(r[1], ""); got.String() != r[2] {
			t.Errorf("doc says %q is %s; the code says %v", r[1], r[2], got)
		}
	}
	for code, v := range verdicts {
		found := false
		for _, r := range rows {
			found = found || normalize(r[1]) == code
		}
		if !found {
			t.Errorf("the code classifies %q as %v; the doc table does not list it", code, v)
		}
	}
}

func TestErrorMessageNamesCodeSubjectAndMessage(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{Code: "EX_INVALID_SYMBOL", Symbol: "XYZ", Message: "bad"}, "stream: EX_INVALID_SYMBOL (symbol XYZ): bad"},
		{Error{Code: "Failed", AccountID: "123"}, "stream: Failed (account 123)"},
		{Error{Code: "DualLogon"}, "stream: DualLogon"},
		{Error{Code: "FAILED", OrderID: "1001"}, "stream: FAILED (order 1001)"},
		{Error{Code: "FAILED, EX_INVALID_SYMBOL", Symbol: "NOPE", subjects: 1}, "stream: every symbol failed: FAILED, EX_INVALID_SYMBOL (symbol NOPE)"},
		{Error{Code: "NotFound", AccountID: "2", subjects: 2}, "stream: all 2 accounts failed; the last: NotFound (account 2)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
