using System.Globalization;
using System.Text;

/// <summary>The kinds of request a hostile or broken client sends, each drawn from a seeded random source.</summary>
internal static class Hostile
{
    /// <summary>Marks the description of a body over the service's 1 MiB limit.</summary>
    public const string OversizedKind = "oversized";

    private static readonly string[] Paths = ["/predict", "/ready", "/health", "/model", "/metrics", "/", "/predict/", "/PREDICT", "/predict%00", "/../etc/passwd", "/" + new string('a', 2000)];
    private static readonly string[] Keys = ["at", "hour", "minute", "window", "AT", "at[]", "", "window ", "\u00e9"];
    private static readonly string[] Instants =
    [
        "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00", "1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z", "2125-01-01T00:00:00Z",
        "2025-02-30T00:00:00Z", "2025-06-01T24:00:00Z", "2025-06-01T14:30:00+99:00", "now", "", "2025-06-01T14:30:00.123456789Z",
    ];
    private static readonly string[] Numbers =
        ["0", "-1", "1", "59", "60", "23", "24", "10080", "10081", "2147483647", "2147483648", "-2147483649", "1e3", "0x10", "NaN", "+5", " 5", "٣"];
    private static readonly string[] Values =
        ["1e308", "-1e308", "1e400", "-1e400", "5e-324", "-0", "0", "-50", "1e9", "1000000000.5", "1e300", "NaN", "\"NaN\"", "Infinity", "true", "null", "[]", "{}", "\"58\""];
    private static readonly string[] Garbage =
    [
        "", "[", "]", "{}", "[{}]", "null", "[null]", "\"text\"", "[1,2,3]", "[{\"timestamp\":1,\"value\":1}]", "[{\"value\":1}]",
        "[{\"timestamp\":\"2025-06-01T00:00:00Z\"}]", new string('[', 5000) + new string(']', 5000), "\uFEFF[]", "[{\"timestamp\":\"2025-06-01T00:00:00Z\",\"value\":1,\"value\":2}]",
    ];

    public static (string Description, HttpRequestMessage Request) Request(Random random, TimeSpan step, int historyPoints) => random.Next(8) switch
    {
        0 => InventedMethod(random),
        1 or 2 => Get(random),
        3 => Post(random, Pick(random, Garbage), "garbage body"),
        4 => Post(random, DamagedHistory(random, step, historyPoints), "damaged history"),
        5 => Post(random, RandomHistory(random, step), "random history"),
        6 => Oversized(random),
        _ => Post(random, DamagedHistory(random, step, historyPoints), "damaged history", contentType: Pick(random, ["text/plain", "application/xml", "", "application/json; charset=utf-7"])),
    };

    private static (string, HttpRequestMessage) InventedMethod(Random random)
    {
        var method = random.Next(3) == 0 ? Pick(random, ["get", "Post", "PATCH", "PUT", "DELETE", "OPTIONS", "TRACE"]) : "X" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture);
        var path = Pick(random, Paths);
        return ($"{method} {path}", new HttpRequestMessage(new HttpMethod(method), path));
    }

    private static (string, HttpRequestMessage) Get(Random random)
    {
        var query = string.Join('&', Enumerable.Range(0, random.Next(5)).Select(_ =>
            Uri.EscapeDataString(Pick(random, Keys)) + "=" + Uri.EscapeDataString(random.Next(2) == 0 ? Pick(random, Instants) : Pick(random, Numbers))));
        var path = "/predict?" + query;
        return ("GET " + path, new HttpRequestMessage(HttpMethod.Get, path));
    }

    private static (string, HttpRequestMessage) Post(Random random, string body, string kind, string contentType = "application/json")
    {
        var query = random.Next(3) == 0 ? "?window=" + Pick(random, Numbers) : "";
        var request = new HttpRequestMessage(HttpMethod.Post, "/predict" + query) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType.Length > 0 && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)) request.Content.Headers.ContentType = type;
        return ($"POST /predict{query} ({kind}, {body.Length} chars: {body[..Math.Min(body.Length, 120)]})", request);
    }

    /// <summary>Bodies over the 1 MiB limit, declared or not.</summary>
    private static (string, HttpRequestMessage) Oversized(Random random)
    {
        var body = "[" + string.Join(',', Enumerable.Repeat("{\"timestamp\":\"2025-06-01T00:00:00Z\",\"value\":1}", 25_000 + random.Next(5_000))) + "]";
        return Post(random, body, OversizedKind);
    }

    /// <summary>A plausible history ending now with one point's timestamp or value at an extreme, and perhaps out of order.</summary>
    private static string DamagedHistory(Random random, TimeSpan step, int count)
    {
        var end = DateTimeOffset.UtcNow.Ticks / step.Ticks * step.Ticks;
        var points = Enumerable.Range(0, count).Select(i => (
            Timestamp: "\"" + new DateTimeOffset(end - (count - 1 - i) * step.Ticks, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture) + "\"",
            Value: (50 + 30 * Math.Sin(i / 100.0)).ToString("R", CultureInfo.InvariantCulture))).ToList();
        var index = random.Next(count);
        switch (random.Next(3))
        {
            case 0: points[index] = ("\"" + Pick(random, Instants) + "\"", points[index].Value); break;
            case 1: points[index] = (points[index].Timestamp, Pick(random, Values)); break;
        }
        switch (random.Next(4))
        {
            case 1 when index + 1 < count: (points[index], points[index + 1]) = (points[index + 1], points[index]); break;
            case 2: points.Insert(index, points[index]); break;
            case 3: points.Reverse(); break;
        }
        return "[" + string.Join(',', points.Select(p => $"{{\"timestamp\":{p.Timestamp},\"value\":{p.Value}}}")) + "]";
    }

    /// <summary>A few points at random instants (anywhere in the calendar) and random doubles.</summary>
    private static string RandomHistory(Random random, TimeSpan step) =>
        "[" + string.Join(',', Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
        {
            var ticks = (long)(random.NextDouble() * DateTimeOffset.MaxValue.UtcTicks) / step.Ticks * step.Ticks;
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            return $"{{\"timestamp\":\"{new DateTimeOffset(ticks, TimeSpan.Zero):O}\",\"value\":{(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "0")}}}";
        })) + "]";

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
