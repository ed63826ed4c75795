namespace MeetingBot.Tests.Telemetry;

/// <summary>
/// The <c>MeetingBot</c> meter and activity source are process-wide, and so are the ASP.NET Core and HttpClient
/// diagnostics: a host with telemetry on would count other tests' turns. These tests run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Telemetry (alone)";
}
