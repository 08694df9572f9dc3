using System.Collections.Generic;

namespace AgentBudget.Shared.Pricing;

/// <summary>
/// Turns character offsets into 0-based line/column pairs. A line ends at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>
/// (the JSON whitespace line breaks); columns count UTF-16 characters, as Roslyn's <c>LinePosition</c> does.
/// </summary>
internal sealed class PricingLineMap
{
    private readonly int[] _lineStarts;
    private readonly int _length;

    public PricingLineMap(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = starts.ToArray();
        _length = text.Length;
    }

    /// <summary>0-based line and column of a character offset (clamped to the text).</summary>
    public void GetPosition(int offset, out int line, out int column)
    {
        if (offset < 0)
        {
            offset = 0;
        }
        else if (offset > _length)
        {
            offset = _length;
        }

        var low = 0;
        var high = _lineStarts.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (_lineStarts[mid] <= offset)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        line = low;
        column = offset - _lineStarts[low];
    }

    /// <summary>A span with its start and end positions filled in.</summary>
    public PricingTextSpan Span(int offset, int length)
    {
        if (length < 0)
        {
            length = 0;
        }

        GetPosition(offset, out var startLine, out var startColumn);
        GetPosition(offset + length, out var endLine, out var endColumn);
        return new PricingTextSpan(offset, length, startLine, startColumn, endLine, endColumn);
    }
}
