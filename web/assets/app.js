// jixiao serve: a little help on top of forms that work without it.
"use strict";
document.documentElement.classList.add("js");

// tooLarge says so, and is true, when the files chosen in a form exceed its
// data-max bytes (the server would refuse them only after the upload).
function tooLarge(form) {
  const max = Number(form.dataset.max || 0);
  let size = 0;
  for (const input of form.querySelectorAll("input[type=file]")) for (const f of input.files) size += f.size;
  if (!max || size <= max) return false;
  const mb = (n) => (n / 1048576).toFixed(n < 10485760 ? 1 : 0) + " MB";
  let note = form.querySelector(".form-error");
  if (!note) {
    note = document.createElement("p");
    note.className = "form-error";
    note.setAttribute("role", "alert");
    form.append(note);
  }
  note.textContent = "选择的文件共 " + mb(size) + "，超过了上限 " + mb(max) + "，无法上传。";
  return true;
}

// A form with data-busy shows that it is working once submitted.
for (const form of document.querySelectorAll("form[data-busy]:not(#bundle-form)")) {
  form.addEventListener("submit", (e) => {
    if (tooLarge(form)) { e.preventDefault(); return; }
    const button = form.querySelector("button[type=submit]");
    if (!button) return;
    setTimeout(() => { button.disabled = true; button.textContent = form.dataset.busy; }, 0);
  });
}

// Files dropped anywhere on the page go to the page's drop zone.
const drop = document.querySelector(".drop");
if (drop) {
  const input = drop.querySelector("input[type=file]");
  const form = drop.closest("form");
  document.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) drop.classList.remove("over"); });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (!e.dataTransfer || e.dataTransfer.files.length === 0) return;
    input.files = e.dataTransfer.files;
    if (!input.multiple) form.requestSubmit();
  });
}

// The bureau's upload shows its progress, then opens the bundle's page.
const bundleForm = document.getElementById("bundle-form");
if (bundleForm) {
  bundleForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const files = [...bundleForm.querySelectorAll("input[type=file]")].reduce((n, i) => n + i.files.length, 0);
    const box = bundleForm.querySelector(".progress");
    const bar = box.querySelector("progress");
    const text = box.querySelector(".progress-text");
    if (files === 0) { text.textContent = "请先选择文件或文件夹。"; box.hidden = false; return; }
    if (tooLarge(bundleForm)) return;
    const button = bundleForm.querySelector("button[type=submit]");
    button.disabled = true;
    box.hidden = false;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", bundleForm.action);
    xhr.upload.onprogress = (p) => {
      if (!p.lengthComputable) return;
      bar.max = p.total; bar.value = p.loaded;
      text.textContent = "正在上传 " + files + " 个文件：" + Math.floor(100 * p.loaded / p.total) + "%";
    };
    xhr.upload.onload = () => { text.textContent = "上传完成，正在解压和准备……"; };
    xhr.onload = () => {
      if (xhr.status === 200 && xhr.responseURL.includes("/bundle/")) { location.href = xhr.responseURL; return; }
      const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      const main = doc.querySelector("main");
      if (main) document.querySelector("main").replaceWith(main);
      else { text.textContent = "上传失败（" + xhr.status + "）"; button.disabled = false; }
    };
    xhr.onerror = () => { text.textContent = "上传失败：连接中断（文件可能过大，或服务已停止）。"; button.disabled = false; };
    xhr.send(new FormData(bundleForm));
  });
}

// A bundle's page follows its progress, and shows the result when it is done.
const job = document.querySelector(".job[data-status]");
if (job) {
  const bar = job.querySelector("progress");
  const poll = async () => {
    try {
      const r = await fetch(job.dataset.status, { headers: { Accept: "application/json" } });
      if (!r.ok) { location.reload(); return; }
      const s = await r.json();
      if (s.state === "done" || s.state === "failed") { location.reload(); return; }
      job.querySelector(".state").textContent = s.text;
      bar.max = Math.max(s.total, 1); bar.value = s.done;
      job.querySelector(".done").textContent = s.done;
      job.querySelector(".total").textContent = s.total;
      const errors = job.querySelector(".errors");
      if (errors) errors.textContent = s.with_errors;
    } catch (err) { /* the server may be busy: try again */ }
    setTimeout(poll, 500);
  };
  setTimeout(poll, 300);
}
