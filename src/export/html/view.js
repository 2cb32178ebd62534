// dipgraph's interactive view: draws the graph embedded in the page (or, under
// `dipgraph serve`, the parts the server sends) with cytoscape.js. Every name, quote and
// note is set as text (textContent, cytoscape data), never as markup.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const config = JSON.parse($('dipgraph-data').textContent);
  const server = config.server === true;
  const styles = config.styles;

  const state = {
    data: null,
    actors: new Map(),
    hiddenKinds: new Set(),
    hiddenClasses: new Set(),
    days: [],
    lo: 0,
    hi: 0,
    focus: null,
    depth: 1,
    pathFrom: null,
    path: null,
  };
  let cy = null;

  // The CLI's name folding (src/resolve.rs `fold`): accents, case and punctuation dropped,
  // Turkish dotless ı as i. Actors carry their names already folded by the same Rust code.
  function fold(text) {
    return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
      .replace(/ı/g, 'i').replace(/[^\p{L}\p{N}]/gu, '');
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  const words = (name) => String(name).replace(/_/g, ' ');
  const nameOf = (id) => (state.actors.get(id) || { name: id }).name;
  const kindOf = (id) => (state.actors.get(id) || { kind: 'other' }).kind;

  // ---- loading -------------------------------------------------------------------------

  function load(data) {
    state.data = data;
    state.actors = new Map(data.actors.map((a) => [a.id, a]));
    state.path = null;
    state.pathFrom = null;
    if (data.title) {
      document.title = data.title + ' · dipgraph';
      $('title').textContent = data.title;
    }
    buildDates();
    buildLegend();
    buildGraph();
  }

  function buildDates() {
    const days = new Set();
    for (const r of state.data.relations) {
      if (r.start) days.add(r.start);
      if (r.end) days.add(r.end);
    }
    state.days = Array.from(days).sort();
    const last = Math.max(state.days.length - 1, 0);
    for (const id of ['range-from', 'range-to']) {
      const range = $(id);
      range.max = String(last);
      range.disabled = state.days.length < 2;
    }
    state.lo = 0;
    state.hi = last;
    $('range-from').value = '0';
    $('range-to').value = String(last);
    showDates();
  }

  function showDates() {
    $('date-from').textContent = state.days[state.lo] || '';
    $('date-to').textContent = state.days[state.hi] || '';
  }

  function buildLegend() {
    const kinds = new Map();
    for (const a of state.data.actors) kinds.set(a.kind, (kinds.get(a.kind) || 0) + 1);
    const classes = new Map();
    for (const r of state.data.relations) classes.set(r.quad, (classes.get(r.quad) || 0) + 1);
    fillLegend($('legend-kinds'), kinds, state.hiddenKinds, (kind, swatch) => {
      const style = styles.kinds[kind] || styles.kinds.other;
      swatch.style.background = style.fill;
      swatch.style.borderColor = style.line;
      if (style.shape === 'ellipse') swatch.style.borderRadius = '50%';
    });
    fillLegend($('legend-classes'), classes, state.hiddenClasses, (quad, swatch) => {
      const style = styles.classes[quad];
      swatch.style.height = '0';
      swatch.style.borderWidth = Math.max(style.width, 1.5) + 'px 0 0 0';
      swatch.style.borderStyle = style.line;
      swatch.style.borderColor = style.color;
    });
  }

  function fillLegend(list, counts, hidden, paint) {
    list.replaceChildren();
    for (const [name, count] of Array.from(counts).sort()) {
      const item = el('li');
      item.dataset.name = name;
      item.classList.toggle('off', hidden.has(name));
      const swatch = el('span', null, 'swatch');
      paint(name, swatch);
      item.append(swatch, el('span', words(name)), el('span', '(' + count + ')', 'count'));
      item.addEventListener('click', () => {
        if (hidden.has(name)) hidden.delete(name); else hidden.add(name);
        item.classList.toggle('off', hidden.has(name));
        apply();
      });
      list.append(item);
    }
  }

  // ---- the graph -----------------------------------------------------------------------

  function nodeSize(actor) {
    const width = Math.min(180, Math.max(44, actor.name.length * 6.6 + 18));
    return { w: width, h: actor.kind === 'person' ? 30 : 28 };
  }

  function elements() {
    const data = state.data;
    const n = data.actors.length;
    const radius = 40 * Math.sqrt(n + 1) + 60;
    const nodes = data.actors.map((a, i) => {
      const style = styles.kinds[a.kind] || styles.kinds.other;
      const size = nodeSize(a);
      const angle = (2 * Math.PI * i) / Math.max(n, 1);
      return {
        group: 'nodes',
        classes: n <= 200 ? 'animated' : '',
        data: { id: a.id, name: a.name, kind: a.kind, shape: style.shape, fill: style.fill,
          line: style.line, w: size.w, h: size.h },
        position: { x: radius * Math.cos(angle), y: radius * Math.sin(angle) },
      };
    });
    // Every data field the style maps is set from the start, as drawn with no filter, so
    // that `apply` touches only what a filter changes.
    const plain = { label: '', color: '#9a9a9a', width: 1, lineStyle: 'solid', arrowFill: 'filled' };
    const edge = (prefix, about) => (e, i) => ({
      group: 'edges',
      classes: about ? 'about' : '',
      data: Object.assign({ id: prefix + i, source: e.from, target: e.to, rels: e.relations },
        about ? plain : edgeLook(e.relations.map((r) => data.relations[r]))),
    });
    const edges = data.edges.map(edge('e', false));
    const about = data.about.map(edge('a', true));
    return nodes.concat(edges, about);
  }

  const STYLE = [
    { selector: 'node', style: {
      shape: 'data(shape)', 'background-color': 'data(fill)', 'border-color': 'data(line)',
      'border-width': 1.4, width: 'data(w)', height: 'data(h)', label: 'data(name)',
      'font-size': 11, 'font-family': 'Helvetica, Arial, sans-serif', color: '#1d2a36',
      'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'ellipsis',
      'text-max-width': 170, 'min-zoomed-font-size': 6 } },
    { selector: 'edge', style: {
      'curve-style': 'bezier', width: 'data(width)', 'line-color': 'data(color)',
      'line-style': 'data(lineStyle)', 'target-arrow-shape': 'triangle',
      'target-arrow-color': 'data(color)', 'target-arrow-fill': 'data(arrowFill)',
      'arrow-scale': 0.9, label: 'data(label)', 'font-size': 9, color: 'data(color)',
      'text-rotation': 'autorotate', 'text-background-color': '#ffffff',
      'text-background-opacity': 0.85, 'text-background-padding': 1, 'text-wrap': 'ellipsis',
      'text-max-width': 160, 'min-zoomed-font-size': 6 } },
    { selector: 'edge.about', style: {
      'line-style': 'dotted', 'line-color': '#9a9a9a', 'target-arrow-color': '#9a9a9a',
      'target-arrow-shape': 'vee', width: 1.1, color: '#888888', 'font-style': 'italic' } },
    { selector: '.hidden', style: { display: 'none' } },
    { selector: '.faded', style: { opacity: 0.12 } },
    // Fading in and out is animated on small graphs only: it redraws every node each frame.
    { selector: 'node.animated', style: { 'transition-property': 'opacity', 'transition-duration': 150 } },
    { selector: 'edge.faded', style: { label: '' } },
    { selector: 'node.focus', style: { 'border-width': 3.5, 'border-color': '#1d2a36' } },
    { selector: 'node.on-path', style: { 'border-width': 3.5, 'border-color': '#f0a202' } },
    { selector: 'edge.on-path', style: { 'underlay-color': '#f0a202', 'underlay-opacity': 0.45,
      'underlay-padding': 4 } },
    { selector: ':selected', style: { 'overlay-color': '#2b7bba', 'overlay-opacity': 0.12 } },
  ];

  function buildGraph() {
    if (cy) cy.destroy();
    cy = cytoscape({
      container: $('graph'), elements: elements(), style: STYLE, layout: { name: 'preset' },
      minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false,
    });
    cy.on('tap', 'node', (event) => pickActor(event.target.id()));
    cy.on('tap', 'edge', (event) => pickEdge(event.target));
    cy.on('tap', (event) => { if (event.target === cy) clear(); });
    apply();
    layout();
    window.dipgraph.cy = cy;
  }

  // cose's repulsion is between every pair of actors, so an iteration costs n² steps. Cooling
  // from 1000 to 1 at cose's 0.99 a step takes 688 iterations; a graph of more than about 100
  // actors would need more than the budget of 8 million pair steps for that, so it gets
  // fewer iterations and cools faster, settling in bounded time at any size a page accepts
  // (benches/view.py, docs/view.md).
  const LAYOUT_PAIR_STEPS = 8e6;
  const FULL_COOLING = 688;

  function layout() {
    const n = cy.nodes().length;
    const affordable = Math.round(LAYOUT_PAIR_STEPS / Math.max(n * n, 1));
    const iterations = Math.max(15, Math.min(FULL_COOLING, affordable));
    cy.layout({
      name: 'cose', animate: false, randomize: false, fit: true, padding: 30,
      nodeDimensionsIncludeLabels: true, idealEdgeLength: () => 110, edgeElasticity: () => 60,
      nodeRepulsion: () => 400000, nodeOverlap: 40, gravity: 0.6, componentSpacing: 80,
      initialTemp: 1000, minTemp: 1, numIter: iterations,
      coolingFactor: iterations === FULL_COOLING ? 0.99 : Math.pow(1 / 1000, 1 / iterations),
    }).run();
  }

  // Whether a relation passes the class, date and actor-kind filters.
  function passes(r) {
    if (state.hiddenClasses.has(r.quad)) return false;
    if (state.hiddenKinds.has(kindOf(r.from)) || state.hiddenKinds.has(kindOf(r.to))) return false;
    if (state.days.length > 1) {
      const lo = state.days[state.lo];
      const hi = state.days[state.hi];
      if ((r.end && r.end < lo) || (r.start && r.start > hi)) return false;
    }
    return true;
  }

  // The relation kinds on an edge, most frequent first: `demand ×3, criticize`.
  function kindsLabel(rels) {
    const counts = new Map();
    for (const r of rels) counts.set(r.kind, (counts.get(r.kind) || 0) + 1);
    return Array.from(counts).sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => words(kind) + (n > 1 ? ' ×' + n : '')).join(', ');
  }

  // The drawing of an edge standing for `rels`, as data fields the style maps.
  function edgeLook(rels) {
    const counts = new Map();
    for (const r of rels) counts.set(r.quad, (counts.get(r.quad) || 0) + 1);
    const quad = Array.from(counts).sort((a, b) => b[1] - a[1])[0][0];
    const style = styles.classes[quad];
    const claimed = rels.every((r) => r.claimed_by);
    return {
      color: style.color,
      width: style.width * (1 + 0.45 * Math.log2(rels.length)),
      lineStyle: claimed ? 'dashed' : style.line,
      arrowFill: claimed ? 'hollow' : 'filled',
      label: kindsLabel(rels),
    };
  }

  // Applies the filters, then fades what lies outside the focus's ego network or the path.
  // Only elements whose classes or data change are touched, since cytoscape restyles (and
  // measures the labels of) every element it is told changed.
  function apply() {
    const relations = state.data.relations;
    cy.batch(() => {
      cy.nodes().forEach((node) => node.toggleClass('hidden', state.hiddenKinds.has(node.data('kind'))));
      cy.edges().forEach((edge) => {
        const rels = edge.data('rels').map((i) => relations[i]).filter(passes);
        const subjectHidden = edge.hasClass('about') && state.hiddenKinds.has(edge.target().data('kind'));
        edge.toggleClass('hidden', rels.length === 0 || subjectHidden);
        if (rels.length && !edge.hasClass('about')) {
          const look = edgeLook(rels);
          if (Object.keys(look).some((key) => edge.data(key) !== look[key])) edge.data(look);
        }
      });
      const shown = emphasis();
      const focus = state.focus;
      cy.elements().forEach((ele) => {
        ele.toggleClass('faded', shown !== null && !shown.has(ele));
        ele.toggleClass('focus', shown !== null && !state.path && ele.id() === focus);
        ele.toggleClass('on-path', state.path !== null && state.path.has(ele));
      });
    });
  }

  const visibleEdges = (nodes) => nodes.connectedEdges().filter((e) => !e.hasClass('hidden'));

  // What to keep bright: the path, or the focus's ego network; null for everything.
  function emphasis() {
    if (state.path) return state.path;
    const focus = state.focus && cy.getElementById(state.focus);
    if (!focus || focus.empty() || focus.hasClass('hidden')) return null;
    let nodes = focus;
    for (let d = 0; d < state.depth; d++) {
      nodes = nodes.union(visibleEdges(nodes).connectedNodes().filter((n) => !n.hasClass('hidden')));
    }
    return nodes.union(visibleEdges(nodes).filter((e) => nodes.contains(e.source()) && nodes.contains(e.target())));
  }

  // ---- picking -------------------------------------------------------------------------

  // Selects an actor; under serve, first loads its neighbourhood (again, when `reload`).
  async function pickActor(id, reload) {
    if (state.pathFrom && state.pathFrom !== id) {
      showPath(state.pathFrom, id);
      return;
    }
    if (server && (reload || !state.actors.has(id) || state.focus !== id)) {
      if (!(await fetchPart(id))) return;
    }
    state.focus = id;
    state.path = null;
    apply();
    const node = cy.getElementById(id);
    cy.elements().unselect();
    node.select();
    const bright = cy.elements().not('.faded').not('.hidden');
    cy.stop(true).animate({ fit: { eles: bright.length ? bright : node, padding: 60 }, duration: 250 });
    showActor(id);
  }

  function pickEdge(edge) {
    const rels = edge.data('rels').map((i) => state.data.relations[i]).filter(passes);
    const body = panel();
    const about = edge.hasClass('about');
    const head = el('h2');
    head.append(actorLink(edge.source().id()), document.createTextNode(about ? ' … about … ' : ' → '),
      actorLink(edge.target().id()));
    body.append(head, el('p', rels.length + (rels.length === 1 ? ' relation' : ' relations'), 'meta'));
    for (const r of rels) body.append(relationItem(r, null));
  }

  function clear() {
    state.focus = null;
    state.path = null;
    state.pathFrom = null;
    cy.elements().unselect();
    apply();
    intro();
  }

  function showPath(from, to) {
    state.pathFrom = null;
    const roads = cy.elements().filter((e) => !e.hasClass('hidden') && !e.hasClass('about'));
    const found = roads.aStar({ root: cy.getElementById(from), goal: cy.getElementById(to), directed: false });
    const body = panel();
    body.append(el('h2', 'Path'));
    if (!found.found) {
      state.path = null;
      apply();
      body.append(el('p', 'No path between ' + nameOf(from) + ' and ' + nameOf(to) + ' in what is shown.', 'notice'));
      return;
    }
    state.focus = null;
    state.path = found.path;
    apply();
    cy.stop(true).animate({ fit: { eles: found.path, padding: 80 }, duration: 250 });
    const hops = found.path.edges().length;
    body.append(el('p', nameOf(from) + ' to ' + nameOf(to) + ': ' + hops + (hops === 1 ? ' hop' : ' hops'), 'meta'));
    const nodes = found.path.nodes();
    for (let i = 0; i + 1 < nodes.length; i++) {
      const [a, b] = [nodes[i].id(), nodes[i + 1].id()];
      const step = el('h3');
      step.append(actorLink(a), document.createTextNode(' — '), actorLink(b));
      body.append(step);
      const between = state.data.relations.filter((r) => passes(r) &&
        ((r.from === a && r.to === b) || (r.from === b && r.to === a)));
      for (const r of between) body.append(relationItem(r, null));
    }
  }

  // ---- the side panel ------------------------------------------------------------------

  function panel() {
    const body = $('panel-body');
    body.replaceChildren();
    $('panel').scrollTop = 0;
    return body;
  }

  function intro(message) {
    const body = panel();
    if (message) body.append(el('p', message, 'notice'));
    body.append(el('h2', state.data && state.data.title ? state.data.title : 'dipgraph'));
    const n = state.data ? state.data.actors.length : 0;
    const m = state.data ? state.data.relations.length : 0;
    body.append(el('p', n + ' actors, ' + m + ' relations shown', 'meta'));
    const help = [
      'Search an actor, or click one, to see its relations and their evidence; its network to the chosen depth stays bright.',
      'Click an edge for the relations it stands for.',
      'Path: click “Path from here” on an actor, then click another actor.',
      'Legend entries hide and show kinds and classes; the sliders choose a date window.',
    ];
    for (const line of help) body.append(el('p', line, 'description'));
  }

  function actorLink(id) {
    const link = el('a', nameOf(id), 'actor');
    link.href = '#';
    link.addEventListener('click', (event) => { event.preventDefault(); pickActor(id); });
    return link;
  }

  function showActor(id) {
    const actor = state.actors.get(id);
    const body = panel();
    body.append(el('h2', actor.name));
    const meta = [words(actor.kind)];
    if (actor.country) meta.push(actor.country);
    meta.push(actor.id);
    body.append(el('p', meta.join(' · '), 'meta'));
    if (actor.aliases && actor.aliases.length) body.append(el('p', 'Also: ' + actor.aliases.join(', '), 'meta'));
    if (actor.description) body.append(el('p', actor.description, 'description'));
    const actions = el('div', null, 'actions');
    const path = el('button', 'Path from here');
    path.type = 'button';
    path.addEventListener('click', () => {
      state.pathFrom = id;
      path.textContent = 'Now click the other actor…';
    });
    actions.append(path);
    body.append(actions);
    const own = state.data.relations.filter((r) => (r.from === id || r.to === id) && passes(r));
    const mentions = state.data.relations.filter((r) => r.about.includes(id) && passes(r));
    const byDate = (a, b) => String(a.start || '').localeCompare(String(b.start || ''));
    body.append(el('h3', own.length + (own.length === 1 ? ' relation' : ' relations')));
    if (!own.length) body.append(el('p', 'None with these filters.', 'empty'));
    for (const r of own.sort(byDate)) body.append(relationItem(r, id));
    if (mentions.length) {
      body.append(el('h3', 'About ' + actor.name + ' (' + mentions.length + ')'));
      for (const r of mentions.sort(byDate)) body.append(relationItem(r, null));
    }
  }

  // One relation: who does what to whom, when, whose claim, and every piece of evidence.
  function relationItem(r, here) {
    const item = el('div', null, 'relation');
    item.style.borderLeftColor = styles.classes[r.quad].color;
    const head = el('div', null, 'head');
    const kind = el('span', words(r.kind), 'kind');
    kind.style.color = styles.classes[r.quad].color;
    if (here === r.from) {
      head.append(document.createTextNode('→ '), kind, document.createTextNode(' '), actorLink(r.to));
    } else if (here === r.to) {
      head.append(document.createTextNode('← '), kind, document.createTextNode(' from '), actorLink(r.from));
    } else {
      head.append(actorLink(r.from), document.createTextNode(' '), kind, document.createTextNode(' '), actorLink(r.to));
    }
    if (r.when) head.append(el('span', r.when, 'when'));
    item.append(head);
    if (r.claimed_by) {
      const claim = el('div', 'claimed by ', 'claim');
      claim.append(actorLink(r.claimed_by));
      item.append(claim);
    }
    if (r.about.length) {
      const about = el('div', 'about ', 'claim');
      r.about.forEach((id, i) => {
        if (i) about.append(document.createTextNode(', '));
        about.append(actorLink(id));
      });
      item.append(about);
    }
    for (const evidence of r.evidence) item.append(evidenceItem(evidence));
    return item;
  }

  function evidenceItem(evidence) {
    const box = el('div', null, 'evidence');
    if (evidence.quote) box.append(el('blockquote', '“' + evidence.quote + '”'));
    if (evidence.note) box.append(el('div', evidence.note, 'note'));
    const source = state.data.sources[evidence.source];
    const line = el('div', null, 'source');
    if (!source) {
      line.textContent = evidence.source;
    } else {
      line.append(document.createTextNode(source.title + ' — ' + source.publisher + ', ' + source.published + ' '));
      const url = safeUrl(source.url);
      if (url) {
        const link = el('a', 'open source');
        link.href = url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        line.append(link);
      }
    }
    box.append(line);
    return box;
  }

  // Only web links are followed: a `javascript:` URL in the data stays text.
  function safeUrl(text) {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // ---- search --------------------------------------------------------------------------

  let searchSerial = 0;

  async function search(text) {
    const list = $('matches');
    const query = fold(text);
    const serial = ++searchSerial;
    if (!query) {
      list.hidden = true;
      return [];
    }
    let found;
    if (server) {
      try {
        found = await api('actors', { q: text });
      } catch (err) {
        found = [];
      }
      if (serial !== searchSerial) return [];
    } else {
      found = state.data.actors.filter((a) => a.keys.some((key) => key.includes(query)));
    }
    const rank = (a) => {
      const keys = a.keys || [fold(a.id), fold(a.name)].concat((a.aliases || []).map(fold));
      return keys.includes(query) ? 0 : keys.some((k) => k.startsWith(query)) ? 1 : 2;
    };
    found = found.slice().sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)).slice(0, 12);
    list.replaceChildren();
    for (const actor of found) {
      const item = el('li', actor.name);
      item.setAttribute('role', 'option');
      item.append(el('span', words(actor.kind), 'kind'));
      item.addEventListener('mousedown', (event) => { event.preventDefault(); choose(actor.id); });
      list.append(item);
    }
    if (!found.length) list.append(el('li', 'No actor matches', 'kind'));
    list.hidden = false;
    return found;
  }

  function choose(id) {
    $('matches').hidden = true;
    $('search').blur();
    pickActor(id);
  }

  // ---- server mode ---------------------------------------------------------------------

  async function api(path, params) {
    const response = await fetch('api/' + path + '?' + new URLSearchParams(params), {
      headers: { Accept: 'application/json' },
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  // Loads the focus's neighbourhood from the server; false (with a notice) when refused.
  async function fetchPart(id) {
    try {
      const data = await api('subgraph', { focus: id, hops: String(state.depth) });
      load(data);
      return true;
    } catch (err) {
      intro(String(err.message || err));
      return false;
    }
  }

  // ---- saving --------------------------------------------------------------------------

  function download(url, name) {
    const link = el('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  }

  function savePng() {
    const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
    download(URL.createObjectURL(blob), 'dipgraph.png');
  }

  const SVG = 'http://www.w3.org/2000/svg';

  function svgElement(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    return node;
  }

  // The current view as SVG, built from the drawn positions with the DOM's own API.
  function toSvg() {
    const shown = cy.elements().filter((e) => !e.hasClass('hidden'));
    const box = shown.boundingBox({ includeLabels: true });
    const pad = 20;
    const svg = svgElement('svg', {
      xmlns: SVG, width: Math.ceil(box.w + 2 * pad), height: Math.ceil(box.h + 2 * pad),
      viewBox: [box.x1 - pad, box.y1 - pad, box.w + 2 * pad, box.h + 2 * pad].join(' '),
      'font-family': 'Helvetica, Arial, sans-serif',
    });
    svg.append(svgElement('rect', { x: box.x1 - pad, y: box.y1 - pad, width: box.w + 2 * pad,
      height: box.h + 2 * pad, fill: '#ffffff' }));
    shown.edges().forEach((edge) => svg.append(svgEdge(edge)));
    shown.nodes().forEach((node) => svg.append(svgNode(node)));
    return new XMLSerializer().serializeToString(svg);
  }

  function svgEdge(edge) {
    const group = svgElement('g', { opacity: edge.hasClass('faded') ? 0.12 : 1 });
    const s = edge.sourceEndpoint();
    const t = edge.targetEndpoint();
    const control = (edge.controlPoints() || [])[0];
    const color = edge.pstyle('line-color').strValue;
    const dash = { dashed: '6 4', dotted: '1.5 3' }[edge.pstyle('line-style').strValue];
    const line = svgElement('path', {
      d: control ? `M${s.x},${s.y} Q${control.x},${control.y} ${t.x},${t.y}` : `M${s.x},${s.y} L${t.x},${t.y}`,
      fill: 'none', stroke: color, 'stroke-width': edge.pstyle('width').pfValue,
    });
    if (dash) line.setAttribute('stroke-dasharray', dash);
    group.append(line);
    const from = control || s;
    const angle = Math.atan2(t.y - from.y, t.x - from.x);
    const tip = (d, a) => (t.x - d * Math.cos(angle + a)) + ',' + (t.y - d * Math.sin(angle + a));
    group.append(svgElement('polygon', { points: [tip(0, 0), tip(9, 0.4), tip(9, -0.4)].join(' '), fill: color }));
    const label = edge.data('label');
    if (label && !edge.hasClass('faded')) {
      const mid = edge.midpoint();
      const text = svgElement('text', { x: mid.x, y: mid.y - 3, 'font-size': 9, fill: color, 'text-anchor': 'middle' });
      text.textContent = label;
      group.append(text);
    }
    return group;
  }

  function svgNode(node) {
    const group = svgElement('g', { opacity: node.hasClass('faded') ? 0.12 : 1 });
    const p = node.position();
    const w = node.data('w');
    const h = node.data('h');
    const paint = { fill: node.data('fill'), stroke: node.data('line'), 'stroke-width': 1.4 };
    const shape = node.data('shape');
    const sides = { hexagon: 6, octagon: 8, pentagon: 5 }[shape];
    let outline;
    if (shape === 'ellipse') {
      outline = svgElement('ellipse', Object.assign({ cx: p.x, cy: p.y, rx: w / 2, ry: h / 2 }, paint));
    } else if (sides) {
      const points = [];
      for (let i = 0; i < sides; i++) {
        const a = (2 * Math.PI * i) / sides - Math.PI / 2 + (sides === 8 ? Math.PI / 8 : 0);
        points.push((p.x + (w / 2) * Math.cos(a)) + ',' + (p.y + (h / 2) * Math.sin(a)));
      }
      outline = svgElement('polygon', Object.assign({ points: points.join(' ') }, paint));
    } else {
      const round = shape === 'round-rectangle' || shape === 'barrel' ? 6 : 0;
      outline = svgElement('rect', Object.assign({ x: p.x - w / 2, y: p.y - h / 2, width: w, height: h, rx: round }, paint));
    }
    const text = svgElement('text', { x: p.x, y: p.y + 4, 'font-size': 11, fill: '#1d2a36', 'text-anchor': 'middle' });
    text.textContent = node.data('name');
    group.append(outline, text);
    return group;
  }

  function saveSvg() {
    const blob = new Blob([toSvg()], { type: 'image/svg+xml' });
    download(URL.createObjectURL(blob), 'dipgraph.svg');
  }

  // ---- controls ------------------------------------------------------------------------

  function wire() {
    const input = $('search');
    input.addEventListener('input', () => search(input.value));
    input.addEventListener('keydown', async (event) => {
      if (event.key === 'Enter') {
        const found = await search(input.value);
        if (found.length) choose(found[0].id);
      } else if (event.key === 'Escape') {
        $('matches').hidden = true;
      }
    });
    input.addEventListener('blur', () => { $('matches').hidden = true; });
    $('depth').addEventListener('change', (event) => {
      state.depth = Number(event.target.value);
      if (state.focus) pickActor(state.focus, true);
    });
    const onRange = () => {
      let lo = Number($('range-from').value);
      let hi = Number($('range-to').value);
      if (lo > hi) [lo, hi] = [hi, lo];
      state.lo = lo;
      state.hi = hi;
      showDates();
      apply();
    };
    $('range-from').addEventListener('input', onRange);
    $('range-to').addEventListener('input', onRange);
    // A zoom still running from the last pick would otherwise move the view after the fit.
    $('fit').addEventListener('click', () => { clear(); cy.stop(true).fit(undefined, 30); });
    $('save-png').addEventListener('click', savePng);
    $('save-svg').addEventListener('click', saveSvg);
    document.addEventListener('keydown', (event) => { if (event.key === 'Escape') clear(); });
  }

  const empty = { title: '', actors: [], relations: [], edges: [], about: [], sources: {} };
  // For tests and benchmarks: the view, and when it became ready (ms since navigation): at
  // the first frame drawn after the graph is laid out (cytoscape draws in an animation frame
  // it asked for before this one).
  window.dipgraph = { cy: null, state, search, pickActor, toSvg, ready: false, readyAt: null };
  const ready = () => requestAnimationFrame(() => {
    window.dipgraph.ready = true;
    window.dipgraph.readyAt = performance.now();
  });
  wire();
  if (server) {
    load(empty);
    api('subgraph', {})
      .then((data) => { load(data); intro(); })
      .catch((err) => intro(String(err.message || err) + ' Search an actor to start.'))
      .finally(ready);
  } else {
    load(config);
    intro();
    ready();
  }
})();
