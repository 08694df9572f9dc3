using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace AgentBudget.Redis;

/// <summary>
/// A Lua script sent by its SHA-1 digest (EVALSHA), falling back to the full text (EVAL) when the server answers
/// NOSCRIPT: its script cache is empty after a restart, a failover or SCRIPT FLUSH. EVAL both runs the script and caches
/// it, so the next call takes the short path again. A NOSCRIPT answer means the script did not run, so the fallback
/// cannot apply anything twice.
/// </summary>
internal sealed class LoadedScript
{
    public LoadedScript(string text)
    {
        Text = text;
#pragma warning disable CA5350 // SHA-1 is how Redis names a cached script (EVALSHA), not a security measure.
#if NET
        Digest = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#else
        using var sha1 = SHA1.Create();
        Digest = sha1.ComputeHash(Encoding.UTF8.GetBytes(text));
#endif
#pragma warning restore CA5350
    }

    public string Text { get; }

    public byte[] Digest { get; }

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(Digest, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(Text, keys, values).ConfigureAwait(false);
        }
    }
}
