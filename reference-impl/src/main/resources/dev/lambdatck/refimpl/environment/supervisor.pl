# lambda-tck reference platform: supervisor of one runtime process.
# Runs as PID 1 of a fresh PID+mount namespace (NAMESPACES mode) or as a child subreaper (HOST mode). It
#  1. (namespaces) executes the mount plan that builds the function's view of the file system,
#  2. forks; the child reports its host pid, chroots, changes directory and execs the bootstrap with exactly
#     the environment in ENVFILE (NUL-separated NAME=VALUE; the supervisor's own environment is not passed on),
#  3. reports "ok <pid>" or "error <reason>" in the handshake file once exec has succeeded or failed,
#  4. waits for the bootstrap and writes its real wait status ("exit N" / "signal N") to the status file,
#     because a parent that is killed by a signal only shows up as 128+N further up,
#  5. kills whatever the bootstrap left behind (the namespace dies with its PID 1; in host mode the orphans
#     that were reparented to this subreaper are killed one by one).
# Usage: supervisor.pl HANDSHAKE STATUS ENVFILE PLAN|- ROOT|- WORKDIR PROGRAM
use strict;
use warnings;
use POSIX ();

my ($handshake, $status, $envfile, $plan, $root, $workdir, $program) = @ARGV;
$SIG{PIPE} = 'DEFAULT';

sub write_atomic {
    my ($path, $text) = @_;
    my $tmp = "$path.tmp";
    open(my $fh, '>', $tmp) or return;
    print $fh $text;
    close $fh;
    rename $tmp, $path;
}

sub setup_failed {
    my ($msg) = @_;
    $msg =~ s/[\r\n]+/ /g;
    print STDERR "lambda-tck supervisor: $msg\n";
    write_atomic($handshake, "error setup $msg\n");
    exit 0;
}

# mount(2) numbers; elsewhere every "mount" operation falls back to its util-linux alternative
my %MOUNT_NR = (x86_64 => 165, aarch64 => 40, riscv64 => 40, ppc64le => 21, ppc64 => 21, s390x => 21);
my $ARCH = (POSIX::uname())[4];

# mount SOURCE TARGET FSTYPE FLAGS DATA, "-" meaning NULL: a direct system call is ~100x cheaper than mount(8)
sub sys_mount {
    my ($src, $target, $type, $flags, $data) = @_;
    my $nr = $MOUNT_NR{$ARCH};
    unless (defined $nr) { $! = POSIX::ENOSYS(); return 0; }
    my @args = map { $_ eq '-' ? 0 : "$_" } ($src, $target, $type);
    my $d = $data eq '-' ? 0 : "$data";
    return syscall($nr, $args[0], $args[1], $args[2], int($flags), $d) == 0;
}

sub run_plan_line {
    my ($line) = @_;
    my $optional = ($line =~ s/^\?//);
    my $last = 'no alternative';
    for my $alternative (split /\t\|\|\t/, $line) {
        my ($op, @a) = split /\t/, $alternative, -1;
        my $ok;
        if ($op eq 'mkdir') { $ok = mkdir($a[0]) || -d $a[0]; }
        elsif ($op eq 'touch') { $ok = open(my $fh, '>>', $a[0]); close $fh if $ok; }
        elsif ($op eq 'symlink') { $ok = symlink($a[0], $a[1]); }
        elsif ($op eq 'mount') { $ok = sys_mount(@a); }
        elsif ($op eq 'run') { $ok = (system { $a[0] } @a) == 0; }
        else { setup_failed("unknown plan operation '$op'"); }
        return if $ok;
        $last = "$op @a: " . ($op eq 'run' ? "exit status " . ($? >> 8) : "$!");
    }
    setup_failed("cannot build the function's file system view: $last") unless $optional;
}

if ($plan ne '-') {
    open(my $pf, '<', $plan) or setup_failed("cannot read mount plan $plan: $!");
    while (my $line = <$pf>) {
        chomp $line;
        next if $line eq '' || $line =~ /^#/;
        run_plan_line($line);
    }
    close $pf;
} else {
    # PR_SET_CHILD_SUBREAPER (36): orphans of the bootstrap are reparented here, so they can be found and killed
    my %prctl = (x86_64 => 157, aarch64 => 167, riscv64 => 167, ppc64le => 171, s390x => 172);
    my $nr = $prctl{(POSIX::uname())[4]};
    syscall($nr, 36, 1, 0, 0, 0) if defined $nr;
}

my %runtime_env;
{
    open(my $ef, '<', $envfile) or setup_failed("cannot read environment file $envfile: $!");
    local $/ = "\0";
    while (my $pair = <$ef>) {
        chomp $pair;
        my ($k, $v) = split /=/, $pair, 2;
        $runtime_env{$k} = $v if defined $k && $k ne '' && defined $v;
    }
    close $ef;
}

pipe(my $from_child, my $to_child_parent) or setup_failed("pipe: $!");
my $pid = fork();
setup_failed("fork: $!") unless defined $pid;
if ($pid == 0) {
    close $from_child;
    my $w = $to_child_parent;
    select((select($w), $| = 1)[0]);
    my $host_pid = readlink('/proc/self');    # /proc here is the host's, so this is the host pid
    $host_pid = $$ unless defined $host_pid && $host_pid =~ /^\d+$/;
    print $w "pid $host_pid\n";
    if ($root ne '-') {
        chroot($root) or do { print $w "setup chroot $root: $!\n"; POSIX::_exit(125); };
    }
    chdir($workdir) or do { print $w "setup chdir $workdir: $!\n"; POSIX::_exit(125); };
    $SIG{$_} = 'DEFAULT' for qw(PIPE CHLD INT TERM HUP QUIT USR1 USR2 ALRM);
    %ENV = %runtime_env;
    # the pipe is close-on-exec: end-of-file tells the supervisor that exec succeeded
    { no warnings 'exec'; exec { $program } $program; }
    print $w "exec " . lcfirst("$!") . "\n";
    POSIX::_exit(127);
}
close $to_child_parent;
my ($child_host_pid, $error);
while (my $line = <$from_child>) {
    chomp $line;
    if ($line =~ /^pid (\d+)$/) { $child_host_pid = $1; } else { $error = $line; }
}
close $from_child;
if (defined $error) {
    waitpid($pid, 0);
    write_atomic($handshake, "error $error\n");
    exit 0;
}
write_atomic($handshake, "ok $child_host_pid\n");

my $wait_status;
while (1) {
    my $reaped = waitpid(-1, 0);
    last if $reaped == -1;
    if ($reaped == $pid) { $wait_status = $?; last; }
}
if (!defined $wait_status) {
    write_atomic($status, "unknown\n");
} elsif ($wait_status & 127) {
    write_atomic($status, "signal " . ($wait_status & 127) . "\n");
} else {
    write_atomic($status, "exit " . ($wait_status >> 8) . "\n");
}

if ($root eq '-') {
    # host mode: kill everything still parented here; their own children are reparented here in turn
    my $deadline = time() + 5;
    while (time() < $deadline) {
        my @kids = children_of($$);
        last unless @kids;
        kill 'KILL', @kids;
        1 while waitpid(-1, POSIX::WNOHANG()) > 0;
        select(undef, undef, undef, 0.01);
    }
    1 while waitpid(-1, POSIX::WNOHANG()) > 0;
}
exit 0;

sub children_of {
    my ($parent) = @_;
    my @out;
    opendir(my $d, '/proc') or return ();
    for my $p (grep { /^\d+$/ } readdir $d) {
        open(my $fh, '<', "/proc/$p/stat") or next;
        my $stat = <$fh>;
        close $fh;
        next unless defined $stat && $stat =~ /\)\s+(\S)\s+(\d+)/;
        push @out, $p if $2 == $parent && $1 ne 'Z';
    }
    closedir $d;
    return @out;
}
