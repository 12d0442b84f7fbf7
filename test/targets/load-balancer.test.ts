import test from 'ava';
import { haproxyConfig, parseHaproxyStats } from '../../src/targets/local/load-balancer.js';

test("haproxy is configured as kubeadm's HA guide: TCP, round-robin, /readyz over TLS unverified, fall 2 rise 2", (t) => {
  const cfg = haproxyConfig(6443, 9000, [10001, 10002]);
  for (const line of [
    'mode tcp',
    'bind 127.0.0.1:6443',
    'balance roundrobin',
    'option httpchk GET /readyz',
    'http-check expect status 200',
    'default-server check check-ssl verify none inter 1000ms fall 2 rise 2',
    'server a0 127.0.0.1:10001',
    'server a1 127.0.0.1:10002',
    'bind 127.0.0.1:9000',
    'timeout client 1h',
  ])
    t.true(
      cfg.split('\n').some((l) => l.trim() === line),
      line,
    );
});

test("haproxy's CSV statistics: each apiserver backend's state and sessions, in server order", (t) => {
  const csv = [
    '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight',
    'apiserver,FRONTEND,,,3,3,20000,9,0,0,0,0,0,,,,,OPEN,',
    'apiservers,a1,0,0,1,1,,4,0,0,,0,,0,0,0,0,DOWN,1',
    'apiservers,a0,0,0,2,2,,5,0,0,,0,,0,0,0,0,UP,1',
    'apiservers,a2,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP 1/2,1',
    'apiservers,BACKEND,0,0,3,3,2000,9,0,0,0,0,,0,0,0,0,UP,2',
    'stats,FRONTEND,,,1,1,20000,1,0,0,0,0,0,,,,,OPEN,',
  ].join('\n');
  t.deepEqual(parseHaproxyStats(csv), [
    { up: true, sessions: 5 },
    { up: false, sessions: 4 },
    { up: true, sessions: 0 },
  ]);
});
