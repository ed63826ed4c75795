using System.Collections.Concurrent;
using System.Diagnostics;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using static MeetingBot.Tests.Telemetry.TelemetryCapture;

namespace MeetingBot.Tests.Telemetry;

/// <summary>
/// The standard sampler variables (docs/operations.md, Sampling), read like any other setting. Sampling decides which
/// turns are traced; every turn is still counted.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class TraceSamplingTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public async Task The_standard_sampler_settings_decide_whether_a_turn_is_traced_and_it_is_counted_either_way(string ratio, bool traced)
    {
        var telemetry = new TelemetryCapture();
        var started = new StartedSpans();
        var settings = new Dictionary<string, string>
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = ratio,
        };
        await using var host = await MeetingBotApplication.StartAsync(settings, services =>
        {
            telemetry.Register(services);
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(started));
        });
        telemetry.Attach(host.Services);
        var before = telemetry.ReadMetrics();

        await host.Conversation(ActivityFixtures.WebChat).SendTextAsync("help");

        var turns = Series("meetingbot.turns", ("channel", "webchat"), ("activity_type", "message"), ("result", "ok"));
        await Poll.UntilAsync(() => Moved(before, telemetry.ReadMetrics()).GetValueOrDefault(turns) == 1, TimeSpan.FromSeconds(30), "the turn counted");
        if (traced)
        {
            await Poll.UntilAsync(() => telemetry.Spans.ToArray().Any(s => s.DisplayName == "turn"), TimeSpan.FromSeconds(30), "the turn span exported");
        }
        else
        {
            // A span is started (and handed to processors) before the turn is counted, so none here means none sampled.
            Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000), "the spans did not flush");
            Assert.Empty(started.Names);
            Assert.Empty(telemetry.Spans.ToArray());
        }
    }

    /// <summary>The names of the spans the SDK started recording (a span the sampler drops never reaches a processor).</summary>
    private sealed class StartedSpans : BaseProcessor<Activity>
    {
        public ConcurrentQueue<string> Names { get; } = new();

        public override void OnStart(Activity data) => Names.Enqueue(data.DisplayName);
    }
}
