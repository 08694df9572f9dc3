namespace AgentBudget.Benchmarks.Support;

/// <summary>The repository's own <c>pricing/*.json</c>, found by walking up from the running program.</summary>
internal static class RepositoryPricing
{
    public static IReadOnlyList<KeyValuePair<string, string>> Files()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var pricing = Path.Combine(directory.FullName, "pricing");
            if (System.IO.File.Exists(Path.Combine(pricing, "openai.json")))
            {
                return Directory.GetFiles(pricing, "*.json")
                    .Where(path => !path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
                    .OrderBy(path => path, StringComparer.Ordinal)
                    .Select(path => new KeyValuePair<string, string>(Path.GetFileName(path), System.IO.File.ReadAllText(path)))
                    .ToList();
            }
        }

        throw new InvalidOperationException("The repository's pricing folder was not found above " + AppContext.BaseDirectory);
    }
}
