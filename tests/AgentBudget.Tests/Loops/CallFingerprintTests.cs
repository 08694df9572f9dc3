namespace AgentBudget.Tests.Loops;

public class CallFingerprintTests
{
    [Fact]
    public void Equal_inputs_give_equal_fingerprints()
    {
        Assert.Equal(CallFingerprint.Of("weather in Paris"), CallFingerprint.Of("weather in Paris"));
        Assert.NotEqual(CallFingerprint.Of("weather in Paris"), CallFingerprint.Of("weather in paris"));
    }

    [Fact]
    public void Boundaries_null_and_empty_are_distinguished()
    {
        var abC = default(CallFingerprint);
        abC.Add("ab");
        abC.Add("c");
        var aBc = default(CallFingerprint);
        aBc.Add("a");
        aBc.Add("bc");
        var empty = default(CallFingerprint);
        empty.Add(string.Empty);
        var nothing = default(CallFingerprint);
        nothing.Add((string?)null);

        Assert.NotEqual(abC.Value, aBc.Value);
        Assert.NotEqual(empty.Value, nothing.Value);
        Assert.NotEqual(default(CallFingerprint).Value, empty.Value);
    }

    [Fact]
    public void Order_and_types_matter_and_value_is_never_zero()
    {
        var first = default(CallFingerprint);
        first.Add(1);
        first.Add(2);
        var second = default(CallFingerprint);
        second.Add(2);
        second.Add(1);
        var decimals = default(CallFingerprint);
        decimals.Add(1.0m);
        var moreDecimals = default(CallFingerprint);
        moreDecimals.Add(1.00m);

        Assert.NotEqual(first.Value, second.Value);
        Assert.NotEqual(decimals.Value, moreDecimals.Value);
        Assert.NotEqual(0UL, first.Value);
        Assert.Equal(first, first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Spans_and_strings_agree()
    {
        var fromSpan = default(CallFingerprint);
        fromSpan.Add("query".AsSpan());

        Assert.Equal(CallFingerprint.Of("query"), fromSpan.Value);
    }
}
