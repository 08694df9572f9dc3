using System.Globalization;
using AgentBudget;

namespace AgentBudget.Samples.Display;

/// <summary>
/// Prints the agent's steps, each with a live budget bar: what the session has spent and what is left of its limit.
/// Plain ASCII, so the output reads the same in any terminal and in a log file.
/// </summary>
public sealed class StepPrinter
{
    private const int BarWidth = 20;
    private readonly TextWriter _out;
    private int _step;

    /// <summary>Creates a printer.</summary>
    /// <param name="output">Where to write.</param>
    public StepPrinter(TextWriter output) => _out = output;

    /// <summary>Starts numbering steps again (a new task).</summary>
    public void Reset() => _step = 0;

    /// <summary>Prints a finished step and the budget bar of <paramref name="session"/>.</summary>
    /// <param name="label">What the step did.</param>
    /// <param name="session">The session charged.</param>
    public void Step(string label, BudgetSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _step++;
        var number = _step.ToString("00", CultureInfo.InvariantCulture);
        _out.WriteLine($"  {number} {Fit(label, 58)} {Bar(session.Spent, session.Limit)} spent {Usd(session.Spent)}  left {Usd(session.Remaining)}");
    }

    /// <summary>Prints an alert raised by the budget (soft limit, hard limit, loop).</summary>
    /// <param name="text">The alert text.</param>
    public void Alert(string text) => _out.WriteLine("  !! " + text);

    /// <summary>Prints a note that is not a step.</summary>
    /// <param name="text">The note.</param>
    public void Note(string text) => _out.WriteLine("     " + text);

    /// <summary>Starts printing a streamed answer.</summary>
    /// <param name="label">What is streaming.</param>
    public void StreamStart(string label) => _out.Write("     " + label + ": ");

    /// <summary>Prints a streamed piece of text as it arrives (line breaks folded into the indented block).</summary>
    /// <param name="text">The piece.</param>
    public void StreamText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _out.Write(text.Replace("\n", " | ", StringComparison.Ordinal));
        _out.Flush();
    }

    /// <summary>Ends a streamed answer.</summary>
    public void StreamEnd() => _out.WriteLine();

    /// <summary>A money amount with six decimals (display only: the session keeps exact picodollars).</summary>
    /// <param name="amount">The amount.</param>
    /// <returns>The text, e.g. <c>$0.012345</c>.</returns>
    public static string Usd(Money amount) => amount.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>A bar of <see cref="BarWidth"/> cells filled in proportion to spent / limit, with the percentage.</summary>
    /// <param name="spent">The spend.</param>
    /// <param name="limit">The limit.</param>
    /// <returns>The bar, e.g. <c>[#####...............]  25%</c>.</returns>
    public static string Bar(Money spent, Money limit)
    {
        // Integer arithmetic on picodollars: no floating point anywhere near money.
        var percent = limit.Picodollars <= 0 ? 100 : Math.Min(100, spent.Picodollars * 100 / limit.Picodollars);
        var filled = (int)(percent * BarWidth / 100);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "] "
            + percent.ToString(CultureInfo.InvariantCulture).PadLeft(3) + "%";
    }

    private static string Fit(string text, int width) => text.Length <= width ? text.PadRight(width) : text[..(width - 3)] + "...";
}
