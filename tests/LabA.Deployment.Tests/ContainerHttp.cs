using System.Net;

namespace LabA.Deployment.Tests;

/// <summary>Asking a container on the host's network over HTTP, as a probe or a scrape would.</summary>
internal static class ContainerHttp
{
    /// <summary>The body of the first 200 from <paramref name="path"/> within <paramref name="limit"/>; fails with the container's logs if it exits or never answers.</summary>
    public static async Task<string> WaitForOkAsync(DockerFixture docker, HttpClient http, string path, string container, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK) return await response.Content.ReadAsStringAsync();
                last = $"{(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            var state = await docker.Client.Containers.InspectContainerAsync(container);
            if (!state.State.Running)
                Assert.Fail($"the container exited ({state.State.ExitCode}): {await docker.LogsAsync(container)}");
            await Task.Delay(500);
        }
        Assert.Fail($"{path} did not answer 200 within {limit.TotalSeconds}s (last: {last}); logs: {await docker.LogsAsync(container)}");
        return "";
    }
}
