namespace AgentBudget.Pricing;

/// <summary>
/// Recognises the dated/versioned suffixes that providers append to a model id. Nothing else is stripped: a family
/// is never guessed (<c>o1-pro</c> is not <c>o1</c>, <c>command-r7b</c> is not <c>command</c>, <c>-latest</c> moves).
/// </summary>
internal static class ModelNameSuffix
{
    /// <summary>
    /// Removes one trailing <c>-YYYY-MM-DD</c>, <c>-YYYYMMDD</c>, <c>@YYYYMMDD</c> or <c>-NNN</c> (three digits).
    /// Dates must be real-looking (years 2000–2099, months 01–12, days 01–31).
    /// </summary>
    public static bool TryStrip(string name, out string baseName)
    {
        var length = name.Length;

        // -YYYY-MM-DD
        if (length > 11 && name[length - 11] == '-' && name[length - 6] == '-' && name[length - 3] == '-'
            && IsDate(name, length - 10, length - 5, length - 2))
        {
            baseName = name.Substring(0, length - 11);
            return true;
        }

        // -YYYYMMDD or @YYYYMMDD
        if (length > 9 && (name[length - 9] == '-' || name[length - 9] == '@') && IsDate(name, length - 8, length - 4, length - 2))
        {
            baseName = name.Substring(0, length - 9);
            return true;
        }

        // -NNN (Gemini's -001, -002)
        if (length > 4 && name[length - 4] == '-' && IsDigit(name[length - 3]) && IsDigit(name[length - 2]) && IsDigit(name[length - 1]))
        {
            baseName = name.Substring(0, length - 4);
            return true;
        }

        baseName = name;
        return false;
    }

    private static bool IsDate(string text, int year, int month, int day)
    {
        for (var i = 0; i < 4; i++)
        {
            if (!IsDigit(text[year + i]))
            {
                return false;
            }
        }

        if (!IsDigit(text[month]) || !IsDigit(text[month + 1]) || !IsDigit(text[day]) || !IsDigit(text[day + 1]))
        {
            return false;
        }

        var century = ((text[year] - '0') * 10) + (text[year + 1] - '0');
        var m = ((text[month] - '0') * 10) + (text[month + 1] - '0');
        var d = ((text[day] - '0') * 10) + (text[day + 1] - '0');
        return century == 20 && m is >= 1 and <= 12 && d is >= 1 and <= 31;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
