// The live board: one server-sent event per second with everything on the page (see LiveBoardController).
(function () {
  'use strict';
  const STATUSES = ['CREATED', 'RIDER_ASSIGNED', 'PICKUP_READY_REQUESTED', 'PICKED_UP'];
  const KEEP = 300; // points per chart: five minutes at one per second
  const countSeries = [[], [], [], [], []];
  const rateSeries = [[], [], []];

  function chart(element, labels) {
    return new uPlot({
      width: Math.max(380, element.clientWidth || 380), height: 180,
      series: [{}].concat(labels.map(function (label, i) {
        return { label: label, stroke: ['#2563eb', '#16a34a', '#d97706', '#9333ea'][i], width: 2 };
      })),
      axes: [{}, { size: 50 }],
      scales: { x: { time: true } }
    }, [[]].concat(labels.map(function () { return []; })), element);
  }

  const countsChart = chart(document.getElementById('counts-chart'),
      ['created', 'rider assigned', 'pick-up requested', 'picked up']);
  const ratesChart = chart(document.getElementById('rates-chart'), ['hand-overs/s', 'changes/s']);

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  function push(series, values) {
    values.forEach(function (value, i) {
      series[i].push(value);
      if (series[i].length > KEEP) { series[i].shift(); }
    });
  }

  function fixed(value, digits) {
    return value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toFixed(digits);
  }

  function rows(tbody, cells) {
    const body = document.getElementById(tbody);
    body.replaceChildren();
    cells.forEach(function (row) {
      const tr = document.createElement('tr');
      row.forEach(function (cell) {
        const td = document.createElement('td');
        if (cell && cell.badge) {
          const span = document.createElement('span');
          span.className = 'badge ' + cell.badge;
          span.textContent = cell.text;
          td.appendChild(span);
        } else {
          td.textContent = cell;
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function render(board) {
    const now = Date.parse(board.at) / 1000;
    text('updated', 'updated ' + new Date(board.at).toLocaleTimeString());

    const gate = board.gate;
    const state = document.getElementById('gate-state');
    state.textContent = gate.decision;
    state.className = 'badge ' + gate.decision.toLowerCase();
    document.getElementById('gate-fail-open').classList.toggle('hidden', !gate.failOpen);
    text('gate-reason', gate.reason);

    if (board.counts) {
      let total = 0;
      STATUSES.forEach(function (status) {
        const count = board.counts[status] || 0;
        total += count;
        text('count-' + status, String(count));
      });
      text('count-total', String(total));
      push(countSeries, [now].concat(STATUSES.map(function (s) { return board.counts[s] || 0; })));
      countsChart.setData(countSeries);
    } else {
      STATUSES.forEach(function (status) { text('count-' + status, '–'); });
      text('count-total', 'stores unavailable');
    }

    const alarms = board.alarms;
    if (alarms) {
      text('intake-rate', fixed(alarms.intakePerSecond, 1));
      text('event-rate', fixed(alarms.eventsPerSecond, 1));
      text('cancel-ratio', fixed(alarms.cancellationRatio * 100, 0) + ' %');
      push(rateSeries, [now, alarms.intakePerSecond, alarms.eventsPerSecond]);
      ratesChart.setData(rateSeries);
      rows('alarms', alarms.active.map(function (alarm) {
        return [alarm.id, { badge: alarm.severity.toLowerCase(), text: alarm.severity },
          new Date(alarm.raisedAt).toLocaleTimeString(), alarm.message];
      }));
      document.getElementById('no-alarms').classList.toggle('hidden', alarms.active.length > 0);
      rows('relay-lag', Object.keys(alarms.relayLagSeconds).sort().map(function (shard) {
        return [shard, fixed(alarms.relayLagSeconds[shard], 3)];
      }));
    }

    text('streams-state', board.streams.state);
    text('streams-restoring', String(board.streams.restoringRecords));
    text('streams-lag', board.streams.consumerLagRecords === null ? '–' : String(board.streams.consumerLagRecords));
  }

  const connection = document.getElementById('connection');
  const events = new EventSource('/board/events');
  events.addEventListener('board', function (event) {
    connection.textContent = 'live';
    connection.className = 'badge open';
    render(JSON.parse(event.data));
  });
  events.onerror = function () {
    // EventSource reconnects by itself
    connection.textContent = 'reconnecting…';
    connection.className = 'badge warn';
  };
}());
