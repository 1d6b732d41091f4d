using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Attendance.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Attendance.Benchmarks.Storm;

/// <param name="AlertP99Ms">From sending the lesson register to the lead's hub client receiving the truancy alert it raised.</param>
internal sealed record LessonStormResult(
    string System, string Pace, int Schools, int Registers, int Marks, int Errors, double Seconds, double MarksPerSecond, double AckP50Ms, double AckP99Ms,
    double CpuMsPer1000Marks, double PostgresCpuMsPer1000Marks, int AlertsExpected, int AlertsReceived, double AlertP50Ms, double AlertP99Ms) : IResultRow
{
    public const string Header =
        "system                       | pace | schools | registers | marks  | errors | marks/s | ack p50 / p99 ms | CPU ms / 1,000 marks (PostgreSQL) | alerts expected / received | register-to-alert p50 / p99 ms";

    public string Row() =>
        $"{System,-28} | {Pace,4} | {Schools,7} | {Registers,9} | {Marks,6} | {Errors,6} | {MarksPerSecond,7:F0} | {AckP50Ms,6:F1} / {AckP99Ms,6:F1} | {CpuMsPer1000Marks,8:F0} ({PostgresCpuMsPer1000Marks,4:F0}){"",19} | {AlertsExpected,8} / {AlertsReceived,-8} | {AlertP50Ms,8:F1} / {AlertP99Ms,6:F1}";
}

/// <summary>
/// A period starting in secondary schools of <c>--pupils</c> (1,500) pupils (issue 31): every teaching group of 30
/// (pupils mixed across registration classes) has a lesson in period 1, and each register is sent by the lesson's
/// teacher with their own token, spread over <c>--paces</c> seconds (120: "every register in two minutes") or closed
/// loop (max). Everyone was registered present at 08:40; one pupil in each group (3.3%) is marked absent from the
/// lesson, which is post-registration truancy: the time from sending the register to the lead's hub receiving the
/// alert is measured. Against reference (b), plain ASP.NET Core + Npgsql doing the same work, in the same run; both on
/// PostgreSQL, after an unmeasured warm-up school.
/// </summary>
internal static class LessonStorm
{
    private const int GroupSize = 30;
    private const int WarmIndex = 90; // the warm-up school's pupils' numbers (GeneratedSchool.Upn), apart from the measured schools'.
    private const int TruantRow = 7;
    private static readonly TimeOnly Starts = new(8, 45);

    public static async Task<List<IResultRow>> RunAsync(Options options)
    {
        var results = new List<IResultRow>();
        var session = await StormBenchmark.TodaysSession();
        foreach (var pace in options.Paces)
        {
            var warm = StormBenchmark.WarmUpIds("lesson-warm")[..1];
            var ids = Enumerable.Range(0, options.Schools).Select(i => $"lessons-{Guid.NewGuid():N}"[..18]).ToList();
            await using (var server = await ServerProcess.StartAsync(await StormBenchmark.NewDatabase(), options.Interval, evaluate: true, silos: 1, morning: true))
            {
                var system = new Service(server, [.. warm, .. ids]);
                await system.SetUp(warm, options.Pupils, session, firstIndex: WarmIndex);
                await system.SetUp(ids, options.Pupils, session, firstIndex: 0);
                results.Add(await Measure(system, "Attendance.Orleans", warm, ids, options.Pupils, session, pace));
            }

            await using var sameWork = await SameWorkTarget.StartAsync(await StormBenchmark.NewDatabase(), batching: false, [.. warm, .. ids]);
            var reference = new Reference(sameWork);
            await reference.SetUp(warm, options.Pupils, session, firstIndex: WarmIndex);
            await reference.SetUp(ids, options.Pupils, session, firstIndex: 0);
            results.Add(await Measure(reference, sameWork.Name, warm, ids, options.Pupils, session, pace));
        }

        return results;
    }

    private static async Task<LessonStormResult> Measure(ISystem system, string name, IReadOnlyList<string> warm, IReadOnlyList<string> ids, int pupils, Session session, string pace)
    {
        await Play(system, warm, WarmIndex, pupils, session, "max", null);
        await using var alerts = await system.WatchAlerts(ids);
        var result = await Play(system, ids, 0, pupils, session, pace, alerts);
        Console.WriteLine((result with { System = name }).Row());
        return result with { System = name };
    }

    /// <summary>Every school's period-1 registers, paced or closed loop; the figures when <paramref name="alerts"/> watches.</summary>
    /// <param name="firstIndex">The first school's number in its pupils' UPNs (the next school's is one more).</param>
    private static async Task<LessonStormResult> Play(ISystem system, IReadOnlyList<string> ids, int firstIndex, int pupils, Session session, string pace, AlertWatch? alerts)
    {
        var groups = pupils / GroupSize;
        var registers = ids.SelectMany((id, school) => Enumerable.Range(0, groups).Select(g => (SchoolId: id, School: firstIndex + school, Group: g))).ToList();
        var sentAt = new ConcurrentDictionary<string, long>();
        var acks = new ConcurrentBag<double>();
        var errors = 0;
        var cpu = system.CpuTime;
        var postgres = ProcessFigures.PostgresCpu();
        var started = Stopwatch.GetTimestamp();

        async Task Send((string SchoolId, int School, int Group) r)
        {
            var marks = Pupils(r.Group, pupils).Select(p => (Upn: GeneratedSchool.Upn(r.School, p), Presence: IsTruant(p) ? "Absent" : "Present")).ToList();
            var sent = Stopwatch.GetTimestamp();
            foreach (var truant in marks.Where(m => m.Presence == "Absent"))
            {
                sentAt[$"{r.SchoolId} {truant.Upn}"] = sent;
            }

            try
            {
                using var response = await system.TakeRegister(r.SchoolId, session.Date, r.Group, marks);
                acks.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                    Console.Error.WriteLine($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }

        if (pace == "max")
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < registers.Count; i = Interlocked.Increment(ref next))
                {
                    await Send(registers[i]);
                }
            })));
        }
        else
        {
            // The period's registers spread evenly over the window, the schools' interleaved (every school's period starts together).
            var window = TimeSpan.FromSeconds(double.Parse(pace, System.Globalization.CultureInfo.InvariantCulture));
            var ordered = registers.OrderBy(r => r.Group).ThenBy(r => r.School).ToList();
            await Task.WhenAll(ordered.Select(async (r, i) =>
            {
                await Task.Delay(window * i / ordered.Count);
                await Send(r);
            }));
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var marksSent = registers.Count * GroupSize;
        if (alerts is not null)
        {
            await alerts.Until(sentAt.Count, TimeSpan.FromSeconds(30));
        }

        var cpuMs = (system.CpuTime - cpu).TotalMilliseconds;
        var postgresMs = (ProcessFigures.PostgresCpu() - postgres).TotalMilliseconds;
        var toAlert = alerts is null ? [] : sentAt.Where(s => alerts.Received.ContainsKey(s.Key))
            .Select(s => (alerts.Received[s.Key] - s.Value) * 1000.0 / Stopwatch.Frequency).Order().ToList();
        var ackList = acks.Order().ToList();
        return new LessonStormResult("", pace, ids.Count, registers.Count, marksSent, errors, seconds, marksSent / seconds, Run.Percentile(ackList, 50), Run.Percentile(ackList, 99),
            cpuMs * 1000 / marksSent, postgresMs * 1000 / marksSent, sentAt.Count, toAlert.Count, Run.Percentile(toAlert, 50), Run.Percentile(toAlert, 99));
    }

    /// <summary>Teaching group <paramref name="group"/>: every 50th pupil, so each group mixes registration classes.</summary>
    private static IEnumerable<int> Pupils(int group, int pupils) => Enumerable.Range(0, pupils).Where(p => p % (pupils / GroupSize) == group);

    /// <summary>One pupil in each group misses the lesson while registered in school.</summary>
    private static bool IsTruant(int pupil) => pupil / 50 % 50 == TruantRow;

    private static string LessonId(int group) => $"L{group:D2}";

    private static string Teacher(int group) => $"T{group:D2}";

    private static StaffUser TeacherOf(string schoolId, int group) =>
        StaffUser.Of($"Teacher {Teacher(group)}", "Teacher", [StaffRole.Teacher], schools: [schoolId], staffCode: Teacher(group));

    /// <summary>The lead's hub client: when each pupil's truancy alert arrived.</summary>
    internal sealed class AlertWatch(HubConnection connection) : IAsyncDisposable
    {
        public ConcurrentDictionary<string, long> Received { get; } = new();

        public HubConnection Connection => connection;

        public async Task Until(int count, TimeSpan within)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
            while (Received.Count < count && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(50);
            }
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }

    private interface ISystem
    {
        TimeSpan CpuTime { get; }

        Task SetUp(IReadOnlyList<string> ids, int pupils, Session session, int firstIndex);

        Task<HttpResponseMessage> TakeRegister(string schoolId, DateOnly date, int group, IReadOnlyList<(string Upn, string Presence)> marks);

        Task<AlertWatch> WatchAlerts(IReadOnlyList<string> ids);
    }

    /// <summary>The service: generated schools, their timetable through the API, everyone registered present.</summary>
    private sealed class Service(ServerProcess server, IReadOnlyList<string> allIds) : ISystem
    {
        private readonly HttpClient http = server.ClientFor(allIds);
        private readonly ConcurrentDictionary<(string, int), string> tokens = new();
        private readonly Dictionary<string, int> indexOf = [];

        public TimeSpan CpuTime => server.CpuTime;

        public async Task SetUp(IReadOnlyList<string> ids, int pupils, Session session, int firstIndex)
        {
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                indexOf[id] = firstIndex + i;
                await GeneratedSchool.CreateAsync(http, id, firstIndex + i, pupils);
                var groups = pupils / GroupSize;
                var timetable = new Timetable(
                    [new Period("P1", "Period 1", Starts, Starts.AddHours(1))],
                    [.. Enumerable.Range(0, groups).Select(g => new TeachingGroup($"G{g:D2}", $"Group {g}", "Maths", [.. Pupils(g, pupils).Select(p => GeneratedSchool.Upn(firstIndex + i, p))]))],
                    [.. Enumerable.Range(0, groups).Select(g => new TimetabledLesson(LessonId(g), $"G{g:D2}", 1, session.Date.DayOfWeek, "P1", Teacher(g), $"R{g:D2}"))]);
                (await http.PutAsJsonAsync($"/api/schools/{id}/timetable", timetable, Json)).EnsureSuccessStatusCode();
                foreach (var c in Enumerable.Range(0, pupils / GeneratedSchool.PupilsPerClass))
                {
                    var marks = Enumerable.Range(c * GeneratedSchool.PupilsPerClass, GeneratedSchool.PupilsPerClass).Select(p => new { upn = GeneratedSchool.Upn(firstIndex + i, p), code = "/" });
                    (await http.PostAsJsonAsync($"/api/schools/{id}/classes/{GeneratedSchool.ClassOf(c * GeneratedSchool.PupilsPerClass)}/registers/{session}", new { marks })).EnsureSuccessStatusCode();
                }
            }
        }

        public Task<HttpResponseMessage> TakeRegister(string schoolId, DateOnly date, int group, IReadOnlyList<(string Upn, string Presence)> marks)
        {
            var token = tokens.GetOrAdd((schoolId, group), key => server.TokenFor(TeacherOf(key.Item1, key.Item2)));
            return http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/schools/{schoolId}/lessons/{date:yyyy-MM-dd}/{LessonId(group)}/register")
            {
                Content = JsonContent.Create(new { marks = marks.Select(m => new { upn = m.Upn, presence = m.Presence }) }),
                Headers = { Authorization = new("Bearer", token) },
            });
        }

        public async Task<AlertWatch> WatchAlerts(IReadOnlyList<string> ids)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server.EntryPoint, "/hubs/attendance"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(server.TokenFor(ids)))
                .AddJsonProtocol(json => ApiJson.Configure(json.PayloadSerializerOptions))
                .Build();
            var watch = new AlertWatch(connection);
            connection.On<AttendanceAlert>("alert", alert => watch.Received.TryAdd($"{alert.SchoolId} {alert.Upn}", Stopwatch.GetTimestamp()));
            await connection.StartAsync();
            foreach (var id in ids)
            {
                await connection.InvokeAsync<IReadOnlyList<AttendanceAlert>>("SubscribeAlerts", id);
            }

            return watch;
        }

        private static readonly System.Text.Json.JsonSerializerOptions Json = CreateJson();

        private static System.Text.Json.JsonSerializerOptions CreateJson()
        {
            var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
            ApiJson.Configure(options);
            return options;
        }
    }

    /// <summary>Reference (b): the same schools' rolls, lessons and morning registers, its own process and database.</summary>
    private sealed class Reference(SameWorkTarget target) : ISystem
    {
        private readonly HttpClient http = target.Clients[0];
        private readonly ConcurrentDictionary<(string, int), string> tokens = new();

        public TimeSpan CpuTime => target.CpuTime;

        public async Task SetUp(IReadOnlyList<string> ids, int pupils, Session session, int firstIndex)
        {
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                var index = firstIndex + i;
                var roll = Enumerable.Range(0, pupils).Select(p => new SameWorkServer.RollPupil(GeneratedSchool.Upn(index, p), GeneratedSchool.ClassOf(p)));
                (await http.PostAsJsonAsync($"/schools/{id}", new SameWorkServer.SchoolSetUp(SchoolSettings.EnglandTimeZone, SessionTimes.PrimaryDefault, [.. roll]))).EnsureSuccessStatusCode();
                var lessons = Enumerable.Range(0, pupils / GroupSize)
                    .Select(g => new SameWorkLessons.Lesson(LessonId(g), Teacher(g), [.. Pupils(g, pupils).Select(p => GeneratedSchool.Upn(index, p))]));
                (await http.PostAsJsonAsync($"/schools/{id}/timetable", new SameWorkLessons.Timetable([.. lessons]))).EnsureSuccessStatusCode();
                foreach (var c in Enumerable.Range(0, pupils / GeneratedSchool.PupilsPerClass))
                {
                    var marks = Enumerable.Range(c * GeneratedSchool.PupilsPerClass, GeneratedSchool.PupilsPerClass).Select(p => new PlainServer.Mark(GeneratedSchool.Upn(index, p), "/"));
                    (await http.PostAsJsonAsync($"/schools/{id}/classes/{GeneratedSchool.ClassOf(c * GeneratedSchool.PupilsPerClass)}/registers/{session}", new SameWorkServer.Register([.. marks])))
                        .EnsureSuccessStatusCode();
                }
            }
        }

        public Task<HttpResponseMessage> TakeRegister(string schoolId, DateOnly date, int group, IReadOnlyList<(string Upn, string Presence)> marks)
        {
            var token = tokens.GetOrAdd((schoolId, group), key => target.TokenFor(TeacherOf(key.Item1, key.Item2)));
            return http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/schools/{schoolId}/lessons/{date:yyyy-MM-dd}/{LessonId(group)}/register")
            {
                Content = JsonContent.Create(new SameWorkLessons.Register([.. marks.Select(m => new SameWorkLessons.Mark(m.Upn, m.Presence))])),
                Headers = { Authorization = new("Bearer", token) },
            });
        }

        public async Task<AlertWatch> WatchAlerts(IReadOnlyList<string> ids)
        {
            var connection = target.HubConnection();
            var watch = new AlertWatch(connection);
            connection.On<string, string>("alert", (schoolId, upn) => watch.Received.TryAdd($"{schoolId} {upn}", Stopwatch.GetTimestamp()));
            await connection.StartAsync();
            foreach (var id in ids)
            {
                await connection.InvokeAsync("Subscribe", id);
            }

            return watch;
        }
    }
}
