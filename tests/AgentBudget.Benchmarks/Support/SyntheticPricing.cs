using System.Globalization;
using System.Text;

namespace AgentBudget.Benchmarks.Support;

/// <summary>
/// Pricing files in the <c>pricing/*.json</c> format (docs/pricing-format.md), made up in memory: any number of models
/// spread over provider files of at most 300 models, with the same mix of features as the real table (cache prices,
/// cache writes, long-context tiers, aliases, dated suffixes, batch discounts, output limits, notes).
/// </summary>
internal static class SyntheticPricing
{
    private const int ModelsPerFile = 300;

    /// <summary>The model ids of a synthetic table of <paramref name="count"/> models, in file order.</summary>
    public static IReadOnlyList<string> ModelIds(int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add(ModelId(i));
        }

        return ids;
    }

    /// <summary>The files (name, content) of a synthetic table of <paramref name="count"/> models.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Files(int count)
    {
        var files = new List<KeyValuePair<string, string>>();
        for (var first = 0; first < count; first += ModelsPerFile)
        {
            var provider = "synthetic" + (first / ModelsPerFile).ToString("00", CultureInfo.InvariantCulture);
            files.Add(new KeyValuePair<string, string>(provider + ".json", File(provider, first, Math.Min(count, first + ModelsPerFile))));
        }

        return files;
    }

    private static string ModelId(int i) => "synth-" + (i % 7) switch
    {
        0 => "chat",
        1 => "reasoner",
        2 => "coder",
        3 => "vision",
        4 => "mini",
        5 => "pro",
        _ => "flash",
    } + "-" + i.ToString(CultureInfo.InvariantCulture) + ".5";

    private static string File(string provider, int first, int end)
    {
        var json = new StringBuilder(256 * (end - first));
        json.Append("{\n  \"schemaVersion\": 1,\n  \"provider\": \"").Append(provider)
            .Append("\",\n  \"source\": \"Synthetic benchmark table (made up in memory; not real prices)\",\n  \"checked\": \"2026-01-15\",\n  \"models\": {\n");
        for (var i = first; i < end; i++)
        {
            var input = 0.05m + ((i % 40) * 0.25m);
            json.Append("    \"").Append(ModelId(i)).Append("\": {\n");
            json.Append("      \"input\": ").Append(Number(input)).Append(",\n");
            json.Append("      \"output\": ").Append(Number(input * 4)).Append(",\n");
            json.Append("      \"cachedInput\": ").Append(Number(input / 10));
            if (i % 3 == 0)
            {
                json.Append(",\n      \"cacheWrite5m\": ").Append(Number(input * 1.25m))
                    .Append(",\n      \"cacheWrite1h\": ").Append(Number(input * 2));
            }

            if (i % 5 == 0)
            {
                json.Append(",\n      \"longContext\": [{\"above\": 200000, \"input\": ").Append(Number(input * 2))
                    .Append(", \"output\": ").Append(Number(input * 6)).Append(", \"cachedInput\": ").Append(Number(input / 5)).Append("}]");
            }

            if (i % 2 == 0)
            {
                json.Append(",\n      \"batchDiscountPercent\": 50");
            }

            json.Append(",\n      \"maxOutputTokens\": ").Append((8192 * (1 + (i % 8))).ToString(CultureInfo.InvariantCulture));
            json.Append(",\n      \"contextWindow\": ").Append((128000 * (1 + (i % 4))).ToString(CultureInfo.InvariantCulture));
            if (i % 4 == 0)
            {
                json.Append(",\n      \"aliases\": [\"").Append(ModelId(i)).Append("-20250101\", \"").Append(ModelId(i)).Append("-latest\"]");
            }

            if (i % 2 == 1)
            {
                json.Append(",\n      \"datedSuffixes\": true");
            }

            if (i % 11 == 0)
            {
                json.Append(",\n      \"note\": \"Synthetic entry number ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(".\"");
            }

            json.Append(i + 1 < end ? "\n    },\n" : "\n    }\n");
        }

        json.Append("  }\n}\n");
        return json.ToString();
    }

    private static string Number(decimal value) => decimal.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
