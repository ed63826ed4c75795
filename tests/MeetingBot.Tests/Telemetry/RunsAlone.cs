namespace MeetingBot.Tests.Telemetry;

/// <summary>
/// For the one test that needs the process to itself: whether a span is recorded is decided by every TracerProvider in
/// the process together (an activity is recorded when any listener samples it), so a host whose sampler drops a turn
/// still sees it recorded while another test's host, sampling everything, is running. The other telemetry tests run in
/// parallel with the rest: each reads only its own host's spans (<see cref="HostTraces"/>) and meter. xunit runs this
/// collection after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Telemetry (alone)";
}
