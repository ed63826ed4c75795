using System.Globalization;
using MeetingBot.Benchmarks;

// Run by hand, never by CI (figures depend on the machine):
//   dotnet run -c Release --project benchmarks/MeetingBot.Benchmarks [iterations]
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
Console.WriteLine($"MeetingBot benchmarks: {iterations} iterations each after 200 warm-up, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

await ActivationBenchmark.RunAsync(iterations);
Console.WriteLine();
await TurnBenchmark.RunAsync(iterations);
