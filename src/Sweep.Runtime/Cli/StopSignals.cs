using System.Runtime.InteropServices;

namespace Sweep.Cli;

/// <summary>
/// Turns Ctrl+C and SIGTERM (what Slurm sends before it kills a job) into a graceful stop: the first signal stops
/// starting trials and lets those in flight finish and store; a second Ctrl+C abandons them.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stopping;
    private readonly CancellationTokenSource _abort = new();
    private readonly PosixSignalRegistration? _sigterm;
    private readonly bool _handleCtrlC;

    public StopSignals(bool handleSignals, CancellationToken external)
    {
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(external);
        _handleCtrlC = handleSignals;
        if (handleSignals)
        {
            Console.CancelKeyPress += OnCancelKeyPress;
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                _stopping.Cancel();
            });
        }
    }

    public CancellationToken Stopping => _stopping.Token;

    public CancellationToken Abort => _abort.Token;

    public void Dispose()
    {
        if (_handleCtrlC)
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }

        _sigterm?.Dispose();
        _stopping.Dispose();
        _abort.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        if (_stopping.IsCancellationRequested)
        {
            _abort.Cancel();
        }
        else
        {
            _stopping.Cancel();
        }
    }
}
