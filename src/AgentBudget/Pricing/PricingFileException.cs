using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AgentBudget.Pricing;

/// <summary>One problem in a pricing file: the same diagnostic id, message and place the build would report.</summary>
public sealed class PricingFileError
{
    /// <summary>Creates an error record.</summary>
    /// <param name="code">The diagnostic id (AB1xxx).</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="line">1-based line (0 when the problem has no place, e.g. an API argument).</param>
    /// <param name="column">1-based column (0 when the problem has no place).</param>
    public PricingFileError(string code, string message, int line, int column)
    {
        Code = code;
        Message = message;
        Line = line;
        Column = column;
    }

    /// <summary>The diagnostic id, e.g. <c>AB1003</c>; see <c>docs/diagnostics/</c>.</summary>
    public string Code { get; }

    /// <summary>What is wrong and how to fix it.</summary>
    public string Message { get; }

    /// <summary>1-based line in the file (0 when there is no file).</summary>
    public int Line { get; }

    /// <summary>1-based column in the file (0 when there is no file).</summary>
    public int Column { get; }

    /// <summary>Formats as <c>(line,column): AB1003: message</c>.</summary>
    public override string ToString() => Line == 0
        ? Code + ": " + Message
        : string.Format(CultureInfo.InvariantCulture, "({0},{1}): {2}: {3}", Line, Column, Code, Message);
}

/// <summary>Thrown when a pricing file loaded at run time, or a price registered at run time, breaks the pricing rules.</summary>
public sealed class PricingFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="sourceName">The file name or label of the rejected input.</param>
    /// <param name="errors">Every error found (never empty).</param>
    public PricingFileException(string sourceName, IReadOnlyList<PricingFileError> errors)
        : base(BuildMessage(sourceName, errors))
    {
        SourceName = sourceName;
        Errors = errors;
    }

    /// <summary>The file name or label of the rejected input.</summary>
    public string SourceName { get; }

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<PricingFileError> Errors { get; }

    private static string BuildMessage(string sourceName, IReadOnlyList<PricingFileError> errors)
    {
        var builder = new StringBuilder();
        builder.Append("The pricing input '").Append(sourceName).Append("' was rejected (")
            .Append(errors.Count.ToString(CultureInfo.InvariantCulture)).Append(errors.Count == 1 ? " error):" : " errors):");
        foreach (var error in errors)
        {
            builder.Append('\n').Append("  ").Append(sourceName).Append(error.Line == 0 ? ": " : string.Empty).Append(error.ToString());
        }

        return builder.ToString();
    }
}
