using System;
using System.Globalization;
using System.Security.Cryptography;

namespace AgentBudget;

/// <summary>Creates session ids such as <c>sess_3f9a0c1d2b4e5f60</c>: random, so ids from different processes do not collide.</summary>
internal static class SessionIds
{
    public static string Next()
    {
        var bytes = new byte[8];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(bytes);
        }

        return "sess_" + BitConverter.ToUInt64(bytes, 0).ToString("x16", CultureInfo.InvariantCulture);
    }
}
