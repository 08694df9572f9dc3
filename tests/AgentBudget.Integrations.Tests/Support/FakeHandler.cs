using System.Net;
using System.Text;

namespace AgentBudget.Integrations.Tests.Support;

/// <summary>
/// Offline transport for the real SDKs: records every request and answers with canned replies in order (the last
/// one repeats). No socket is opened.
/// </summary>
public sealed class FakeHandler : HttpMessageHandler
{
    public sealed record Recorded(string Method, string Uri, string Body);

    private sealed record Reply(string Body, string ContentType, HttpStatusCode Status);

    private readonly Queue<Reply> _replies = new();
    private readonly object _gate = new();
    private Reply? _last;

    public List<Recorded> Requests { get; } = [];

    public FakeHandler Json(string body) => Enqueue(new(body, "application/json", HttpStatusCode.OK));

    public FakeHandler Sse(string body) => Enqueue(new(body, "text/event-stream", HttpStatusCode.OK));

    public FakeHandler Status(HttpStatusCode status, string body) => Enqueue(new(body, "application/json", status));

    private FakeHandler Enqueue(Reply reply)
    {
        _replies.Enqueue(reply);
        return this;
    }

    // The SDKs' synchronous methods go through HttpClient.Send.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        => SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Reply reply;
        lock (_gate)
        {
            Requests.Add(new(request.Method.Method, request.RequestUri!.ToString(), body));
            reply = _replies.Count > 0 ? (_last = _replies.Dequeue()) : _last ?? throw new InvalidOperationException("No canned reply left.");
        }

        return new HttpResponseMessage(reply.Status)
        {
            RequestMessage = request,
            Content = new StringContent(reply.Body, Encoding.UTF8, reply.ContentType),
        };
    }
}
