// The browser side of the draw-a-digit pad (helpers/pad/widget.py): canvas, "clear", "read a photo",
// the 28x28 input the model receives, and one bar chart per model. No build step: anywidget
// loads this file as an ES module. Python computes every verdict; this file only draws.
const BAR_HEIGHT = 90;

function clone(value) { return JSON.parse(JSON.stringify(value)); }

function make(tag, className, parent, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function render({ model, el }) {
  const size = model.get("size");
  const outer = make("div", "nn4-pad-outer", el);
  const root = make("div", "nn4-pad", outer);

  const left = make("div", "nn4-pad-col", root);
  const canvas = make("canvas", "nn4-pad-canvas", left);
  canvas.width = size;
  canvas.height = size;
  const row = make("div", "nn4-pad-row", left);
  const clearButton = make("button", "nn4-pad-clear jupyter-button", row, "clear");
  const photoButton = make("button", "nn4-pad-photo jupyter-button", row, "read a photo");
  const fileInput = make("input", "nn4-pad-file", row);
  fileInput.type = "file";
  fileInput.accept = "image/*";
  fileInput.style.display = "none";

  const middle = make("div", "nn4-pad-col", root);
  const input = make("canvas", "nn4-pad-input", middle);
  input.width = 28;
  input.height = 28;
  make("div", "nn4-pad-caption", middle, "what the model receives (28×28)");

  const charts = make("div", "nn4-pad-charts", root);
  const message = make("div", "nn4-pad-message", outer);
  make("div", "nn4-pad-help", outer, model.get("help"));

  const ctx = canvas.getContext("2d");
  let strokes = clone(model.get("strokes") || []);
  let drawing = false;
  let lastSync = 0;
  let timer = null;
  let photo = null;  // the picture last read, shown on the canvas until the next drawing or "clear"

  function paint() {
    const pen = model.get("pen_width");
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (photo && !strokes.length) {  // the whole picture, its shape kept, centred
      const k = Math.min(canvas.width / photo.width, canvas.height / photo.height);
      const w = photo.width * k, h = photo.height * k;
      ctx.drawImage(photo, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h);
      return;
    }
    ctx.strokeStyle = "#fff";
    ctx.fillStyle = "#fff";
    ctx.lineWidth = pen;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    for (const stroke of strokes) {
      if (stroke.length === 1) {
        ctx.beginPath();
        ctx.arc(stroke[0][0], stroke[0][1], pen / 2, 0, 2 * Math.PI);
        ctx.fill();
        continue;
      }
      ctx.beginPath();
      ctx.moveTo(stroke[0][0], stroke[0][1]);
      for (const [x, y] of stroke.slice(1)) ctx.lineTo(x, y);
      ctx.stroke();
    }
  }

  function countPoints() { return strokes.reduce((n, stroke) => n + stroke.length, 0); }

  // At most one drawing is being read at a time, and the newest one wins: a drawing made while
  // Python reads the previous one waits, and only the newest waiting one is sent when the answer
  // comes back (read_points). A busy kernel thus never gets a queue of stale drawings to read.
  let inFlight = false, waiting = false, flightTimer = null, lastSent = null;

  function send() {
    const sent = JSON.stringify(strokes);
    waiting = false;
    // nothing new to read (pen-up after the last update, "clear" on an empty pad): no message
    // would go, so no answer would come back
    if (sent === lastSent || sent === JSON.stringify(model.get("strokes") || [])) {
      lastSent = sent;
      return;
    }
    lastSent = sent;
    inFlight = true;
    clearTimeout(flightTimer);
    flightTimer = setTimeout(answered, 3000);  // no answer (a dead kernel): do not wait for ever
    model.set("strokes", clone(strokes));
    model.save_changes();
  }

  function answered() {
    inFlight = false;
    clearTimeout(flightTimer);
    flightTimer = null;
    if (waiting) send();
  }

  function sync() {
    if (timer) { clearTimeout(timer); timer = null; }
    lastSync = Date.now();
    root.dataset.drawnPoints = String(countPoints());
    if (inFlight) waiting = true;
    else send();
  }

  function syncSoon() {  // while the pen moves: at most about 7 updates a second
    const wait = 150 - (Date.now() - lastSync);
    if (wait <= 0) sync();
    else if (!timer) timer = setTimeout(() => { timer = null; if (drawing) sync(); }, wait);
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    const x = (event.clientX - box.left) * canvas.width / box.width;
    const y = (event.clientY - box.top) * canvas.height / box.height;
    return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
  }

  function down(event) {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    photo = null;
    strokes.push([point(event)]);
    paint();
  }

  function move(event) {
    if (!drawing) return;
    event.preventDefault();
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    const stroke = strokes[strokes.length - 1];
    for (const e of (events.length ? events : [event])) stroke.push(point(e));
    paint();
    syncSoon();
  }

  function up() {
    if (!drawing) return;
    drawing = false;
    sync();
  }

  function clear() {
    strokes = [];
    photo = null;
    drawing = false;
    paint();
    inFlight = false;  // "clear" wins over any drawing still being read
    sync();
    model.send({ event: "clear" });  // also clears a photo's result (the strokes may be empty already)
  }

  async function readPhoto() {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    const buffer = await file.arrayBuffer();
    fileInput.value = "";  // so that choosing the same file again reads it again
    strokes = [];
    try {
      photo = await createImageBitmap(file);  // upright from its EXIF tag, as Python reads it
    } catch (error) {
      photo = null;  // not an image the browser can show: Python says what it is
    }
    paint();
    root.dataset.drawnPoints = "0";
    waiting = false;  // a drawing still waiting is older than the photo
    lastSent = JSON.stringify(strokes);
    model.send({ event: "photo", name: file.name }, undefined, [buffer]);
  }

  canvas.addEventListener("pointerdown", down);
  canvas.addEventListener("pointermove", move);
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", up);
  canvas.addEventListener("lostpointercapture", up);
  clearButton.addEventListener("click", clear);
  photoButton.addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", readPhoto);

  function showInput() {
    const pixels = model.get("model_input") || [];
    const ictx = input.getContext("2d");
    const image = ictx.createImageData(28, 28);
    for (let i = 0; i < 28 * 28; i++) {
      const v = pixels.length ? pixels[i] : 0;
      image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = v;
      image.data[4 * i + 3] = 255;
    }
    ictx.putImageData(image, 0, 0);
  }

  // One chart per model. Python sends, per model, the ten probabilities and a verdict:
  // {text, digit, state}; state "sure" draws the verdict bold and the best bar blue, "unsure"
  // (below the threshold) and "small" (too small to be a digit) grey the bars.
  function showCharts() {
    const names = model.get("names") || [];
    const probabilities = model.get("probabilities") || [];
    const verdicts = model.get("verdicts") || [];
    charts.replaceChildren();
    names.forEach((name, m) => {
      const p = probabilities[m] || [];
      const v = verdicts[m] || { text: `${name}: –`, digit: "", state: "none" };
      const chart = make("div", "nn4-pad-chart nn4-pad-" + v.state, charts);
      chart.dataset.model = name;
      const verdict = make("div", "nn4-pad-verdict", chart, v.text);
      verdict.dataset.digit = v.digit;
      verdict.dataset.state = v.state;
      const bars = make("div", "nn4-pad-bars", chart);
      const best = p.length === 10 ? p.indexOf(Math.max(...p)) : -1;
      for (let d = 0; d < 10; d++) {
        const column = make("div", "nn4-pad-bar", bars);
        const fill = make("div", "nn4-pad-fill" + (d === best ? " nn4-pad-best" : ""), column);
        fill.style.height = `${Math.round(BAR_HEIGHT * (p.length === 10 ? p[d] : 0))}px`;
        column.title = p.length === 10 ? `${d}: ${(100 * p[d]).toFixed(1)} %` : `${d}`;
        make("div", "nn4-pad-label", column, String(d));
      }
    });
  }

  function showMessage() {
    message.textContent = model.get("message") || "";
    message.classList.toggle("nn4-pad-error", !!model.get("message_is_error"));
  }

  function showPhotoName() {
    const name = model.get("photo_name");
    photoButton.textContent = name ? `read a photo (last: ${name})` : "read a photo";
  }

  function onStrokes() {
    if (drawing) return;  // the browser's own stroke is newer
    strokes = clone(model.get("strokes") || []);
    lastSent = JSON.stringify(strokes);
    root.dataset.drawnPoints = String(countPoints());
    paint();
  }

  // How many points the shown result was computed from: equal to drawnPoints once Python has
  // read the whole drawing (a test waits for that).
  function showReadPoints() { root.dataset.readPoints = String(model.get("read_points")); }
  function onAnswer() { showReadPoints(); answered(); }

  const handlers = [["change:strokes", onStrokes], ["change:model_input", showInput],
                    ["change:probabilities", showCharts], ["change:verdicts", showCharts],
                    ["change:names", showCharts], ["change:message", showMessage],
                    ["change:message_is_error", showMessage], ["change:read_points", onAnswer],
                    ["change:photo_name", showPhotoName]];
  for (const [event, handler] of handlers) model.on(event, handler);
  root.dataset.drawnPoints = String(countPoints());
  showReadPoints();
  paint();
  showInput();
  showCharts();
  showMessage();
  showPhotoName();

  return () => {
    for (const [event, handler] of handlers) model.off(event, handler);
    if (timer) clearTimeout(timer);
    clearTimeout(flightTimer);
  };
}

export default { render };
