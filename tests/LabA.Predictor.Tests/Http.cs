using System.Net;
using System.Text.Json;

namespace LabA.Predictor.Tests;

internal static class Http
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Asserts an RFC 9457 problem with the status and the parameter it names; returns its detail.</summary>
    public static async Task<string> Problem(this HttpResponseMessage response, HttpStatusCode expected, string? parameter)
    {
        var problem = await response.Json(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        if (parameter is not null)
        {
            Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
            Assert.StartsWith(parameter + ":", detail);
        }
        return detail;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

}
