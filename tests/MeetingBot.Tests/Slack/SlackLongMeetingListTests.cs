using MeetingBot.Sandbox;

namespace MeetingBot.Tests.Slack;

/// <summary>A Slack list longer than the bot shows: ten meetings, soonest first, then "more in Huawei Cloud Meeting".</summary>
public sealed class SlackLongMeetingListTests : IAsyncLifetime
{
    private readonly SlackHost _host = new();

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        // Nine more hosted meetings, later than the four seeded ones: thirteen in all.
        for (var hour = 4; hour <= 12; hour++)
        {
            _host.Huawei.Options.ScheduledMeetings.Add(new SimulatedScheduledMeeting(
                $"98603{hour + 1000}", $"Planning {hour}", TimeSpan.FromHours(hour), TimeSpan.FromMinutes(30), UserIsHost: true, InProgress: false,
                HuaweiSimulatorOptions.NewPassword(), HuaweiSimulatorOptions.NewPassword(), "100.94.23.60"));
        }
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task Ten_meetings_are_listed_soonest_first_then_more_in_Huawei_Cloud_Meeting()
    {
        using var response = await _host.SendCommandAsync(_host.Form("/activate", ""));

        var reply = await SlackCommandEndpointTests.EphemeralReplyAsync(response);
        var blocks = reply.GetProperty("blocks").EnumerateArray().ToList();
        var sections = blocks.Where(b => b.GetProperty("type").GetString() == "section").Select(SlackRepliesTests.AllText).ToList();
        Assert.Equal(10, sections.Count);
        Assert.Contains("Daily stand-up", sections[0], StringComparison.Ordinal);
        Assert.Contains("Planning 9", sections[9], StringComparison.Ordinal);
        Assert.DoesNotContain(sections, s => s.Contains("Planning 10", StringComparison.Ordinal));
        var more = blocks[^1];
        Assert.Equal("context", more.GetProperty("type").GetString());
        Assert.Equal("More in Huawei Cloud Meeting.", Assert.Single(more.GetProperty("elements").EnumerateArray()).GetProperty("text").GetString());
        Assert.EndsWith("More in Huawei Cloud Meeting.", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.InRange(blocks.Count, 1, 50);
        Assert.Equal(9, SlackClicks.Buttons(reply).Count);
    }
}
