package stream

import (
	"errors"
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
	}
	for _, tt := range tests {
		if got := parseHeartbeat([]byte(tt.msg)); got.Count != tt.want.Count || !got.Timestamp.Equal(tt.want.Timestamp) {
			t.Errorf("parseHeartbeat(%s) = %+v, want %+v", tt.msg, got, tt.want)
		}
	}
}

func TestErrorTable(t *testing.T) {
	tests := []struct {
		err  Error
		want action
	}{
		{Error{Code: "GoAway"}, actGoAway},
		{Error{Code: "goaway", Symbol: "MSFT"}, actGoAway},
		{Error{Code: "DualLogon"}, actYieldEnd},
		{Error{Code: "DualLogon", AccountID: "1"}, actYieldEnd},
		{Error{Code: "Unauthorized"}, actYieldEnd},
		{Error{Code: "EX_INVALID_SYMBOL", Symbol: "XYZ"}, actYieldContinue},
		{Error{Code: "Failed", AccountID: "1"}, actYieldContinue},
		{Error{Code: "DATAFEED_NOT_CONNECTED", Symbol: "MSFT"}, actYieldContinue},
		{Error{Code: "DATAFEED_NOT_CONNECTED"}, actReconnect},
		{Error{Code: "Failed"}, actReconnect},
		{Error{Code: "ServiceUnavailable"}, actReconnect},
		{Error{Code: "The operation has timed out."}, actReconnect},
		{Error{Code: "Error", Message: "The operation has timed out"}, actReconnect},
		{Error{Code: "EX_INVALID_SYMBOL"}, actYieldEnd},
		{Error{Code: "NewCode"}, actYieldEnd},
	}
	for _, tt := range tests {
		if got := actionOf(&tt.err); got != tt.want {
			t.Errorf("actionOf(%+v) = %v, want %v", tt.err, got, tt.want)
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
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
