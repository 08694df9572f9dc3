namespace AgentBudget.Redis;

/// <summary>
/// The Lua scripts behind <see cref="RedisBudgetStore"/>. Redis runs a script atomically (no other command interleaves),
/// which is what makes a reservation across several scopes all-or-nothing however many processes race.
/// </summary>
/// <remarks>
/// <para>Exactness: money is a decimal string of picodollars everywhere. Redis's own HINCRBY does the writes in exact
/// 64-bit integers, and scripts always pass it the original strings (never a Lua number, which Redis would format with
/// 14 significant digits). The one comparison that Lua itself must do, settled + reserved + amount &lt;= limit, splits each
/// value into two base-10⁹ limbs (each far below 2⁵³), so it is exact over the whole 64-bit range of a counter.</para>
/// <para>Every check happens before the first write, so a script never stops half-way through its writes.</para>
/// </remarks>
internal static class BudgetScripts
{
    // Shared helpers. ARGV positions 1-4 are the same in every script that reclaims:
    // now (Unix ms), reclaim batch size, record retention (ms), reservation key prefix.
    private const string Helpers = """
        local BASE = 1000000000

        -- A decimal integer string as two limbs: value = hi * BASE + lo, 0 <= lo < BASE. Signed values are handled so
        -- that a counter can never be misread, even though the scripts keep them non-negative.
        local function limbs(s)
          if not s or s == '' then return 0, 0 end
          local negative = string.sub(s, 1, 1) == '-'
          if negative then s = string.sub(s, 2) end
          local n = #s
          local hi, lo
          if n <= 9 then hi, lo = 0, tonumber(s) else hi, lo = tonumber(string.sub(s, 1, n - 9)), tonumber(string.sub(s, n - 8)) end
          if negative then return -hi, -lo end
          return hi, lo
        end

        -- Exactly: a + b + c <= limit.
        local function fits(a, b, c, limit)
          local ah, al = limbs(a)
          local bh, bl = limbs(b)
          local ch, cl = limbs(c)
          local lh, ll = limbs(limit)
          local lo = al + bl + cl
          local hi = ah + bh + ch + math.floor(lo / BASE)
          lo = lo % BASE
          if hi ~= lh then return hi < lh end
          return lo <= ll
        end

        local function lines(s)
          local t = {}
          if s then for line in string.gmatch(s, '[^\n]+') do t[#t + 1] = line end end
          return t
        end

        -- Adds a signed decimal string to one field of every scope of a reservation, re-arming each counter's expiry
        -- (a counter whose window is long past is thereby deleted again at once rather than left without a TTL).
        local function add_to_scopes(scopes, field, delta)
          local entries = lines(scopes)
          for j = 1, #entries, 2 do
            if delta ~= '0' and delta ~= '-0' then redis.call('HINCRBY', entries[j], field, delta) end
            if entries[j + 1] ~= '0' then redis.call('PEXPIREAT', entries[j], entries[j + 1]) end
          end
        end

        -- Returns the holds of expired reservations to their scopes; the record stays (state 'expired') for a late settle.
        local function reclaim(holds)
          local ids = redis.call('ZRANGEBYSCORE', holds, '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
          for _, id in ipairs(ids) do
            local record = ARGV[4] .. id
            local r = redis.call('HMGET', record, 'amount', 'scopes', 'state')
            if r[3] == 'holding' then
              add_to_scopes(r[2], 'reserved', '-' .. r[1])
              redis.call('HSET', record, 'state', 'expired')
              redis.call('PEXPIRE', record, ARGV[3])
            end
            redis.call('ZREM', holds, id)
          end
          return #ids
        end

        """;

    /// <summary>
    /// KEYS: 1 holds, 2 reservation record, 3.. scope counters.
    /// ARGV: 1-4 shared, 5 amount, 6 expires-at ms, 7 holds member, then per scope: limit, counter expire-at ms (0 = never).
    /// Returns {status, scope index, settled, reserved, reclaimed, detail}: status 1 admitted, 0 refused by the scope at
    /// the index (1-based), 2 the record already exists (detail: state, amount, expires-at).
    /// </summary>
    public const string Reserve = Helpers + """
        local reclaimed = reclaim(KEYS[1])
        local existing = redis.call('HMGET', KEYS[2], 'state', 'amount', 'expires')
        if existing[1] then
          return {2, 0, '', '', reclaimed, existing[1] .. '\n' .. existing[2] .. '\n' .. existing[3]}
        end
        local amount = ARGV[5]
        for i = 3, #KEYS do
          local current = redis.call('HMGET', KEYS[i], 'settled', 'reserved')
          if not fits(current[1], current[2], amount, ARGV[8 + 2 * (i - 3)]) then
            return {0, i - 2, current[1] or '0', current[2] or '0', reclaimed, ''}
          end
        end
        local scopes = {}
        for i = 3, #KEYS do
          local expireAt = ARGV[9 + 2 * (i - 3)]
          scopes[#scopes + 1] = KEYS[i]
          scopes[#scopes + 1] = expireAt
        end
        local joined = table.concat(scopes, '\n')
        add_to_scopes(joined, 'reserved', amount)
        redis.call('HSET', KEYS[2], 'amount', amount, 'scopes', joined, 'state', 'holding', 'expires', ARGV[6])
        redis.call('ZADD', KEYS[1], ARGV[6], ARGV[7])
        return {1, 0, '', '', reclaimed, ''}
        """;

    /// <summary>
    /// KEYS: 1 holds, 2 reservation record, 3 idempotency key.
    /// ARGV: 1 actual, 2 holds member, 3 idempotency retention ms, 4 record retention ms.
    /// Returns {outcome, detail}: 'duplicate' (detail: what was applied), 'unknown', 'already_settled',
    /// 'settled' or 'settled_after_hold_ended' (detail: the amount that was held).
    /// </summary>
    public const string Settle = """
        local function lines(s)
          local t = {}
          if s then for line in string.gmatch(s, '[^\n]+') do t[#t + 1] = line end end
          return t
        end
        local function add_to_scopes(scopes, field, delta)
          local entries = lines(scopes)
          for j = 1, #entries, 2 do
            if delta ~= '0' and delta ~= '-0' then redis.call('HINCRBY', entries[j], field, delta) end
            if entries[j + 1] ~= '0' then redis.call('PEXPIREAT', entries[j], entries[j + 1]) end
          end
        end

        local applied = redis.call('GET', KEYS[3])
        if applied then return {'duplicate', applied} end
        local r = redis.call('HMGET', KEYS[2], 'amount', 'scopes', 'state')
        local state = r[3]
        if not state then return {'unknown', ''} end
        if state == 'settled' then return {'already_settled', ''} end
        local actual = ARGV[1]
        if state == 'holding' then
          add_to_scopes(r[2], 'reserved', '-' .. r[1])
          redis.call('ZREM', KEYS[1], ARGV[2])
        end
        add_to_scopes(r[2], 'settled', actual)
        redis.call('HSET', KEYS[2], 'state', 'settled', 'actual', actual)
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        redis.call('SET', KEYS[3], ARGV[2] .. '\n' .. actual, 'PX', ARGV[3])
        if state == 'holding' then return {'settled', r[1]} end
        return {'settled_after_hold_ended', r[1]}
        """;

    /// <summary>
    /// KEYS: 1 holds, 2 reservation record. ARGV: 1 holds member, 2 record retention ms.
    /// Returns the previous state ('holding' means it was released now) or 'unknown'.
    /// </summary>
    public const string Release = """
        local r = redis.call('HMGET', KEYS[2], 'amount', 'scopes', 'state')
        local state = r[3]
        if not state then return 'unknown' end
        if state ~= 'holding' then return state end
        local entries = {}
        for line in string.gmatch(r[2], '[^\n]+') do entries[#entries + 1] = line end
        for j = 1, #entries, 2 do
          if r[1] ~= '0' then redis.call('HINCRBY', entries[j], 'reserved', '-' .. r[1]) end
          if entries[j + 1] ~= '0' then redis.call('PEXPIREAT', entries[j], entries[j + 1]) end
        end
        redis.call('HSET', KEYS[2], 'state', 'released')
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        redis.call('ZREM', KEYS[1], ARGV[1])
        return 'holding'
        """;

    /// <summary>
    /// KEYS: 1 holds, 2 scope counter. ARGV: 1-4 shared. Reclaims expired holds first, so that the figures are current.
    /// Returns {settled, reserved, reclaimed}.
    /// </summary>
    public const string Usage = Helpers + """
        local reclaimed = reclaim(KEYS[1])
        local current = redis.call('HMGET', KEYS[2], 'settled', 'reserved')
        return {current[1] or '0', current[2] or '0', reclaimed}
        """;
}
