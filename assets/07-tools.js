/*
 * urban-twin core: the tool mode — which tool takes taps on the map.
 *
 * One tool at a time. "inspect" (09-dash.js: a tap shows the feature's attributes) is on unless
 * another tool is; a tool for picking a building or drawing takes over every tap until it is
 * switched off (twin.setTool(null), or Escape). The root element carries data-tool=<name>.
 *
 *   twin.defineTool(name, {tap(info, twin), cursor})   info: deck.gl's picking info of the tap;
 *                                                      cursor: CSS cursor over the map (optional)
 *   twin.setTool(name)    switch a tool on (null: back to inspect); calls toolChanged(twin, name, previous)
 *   twin.tool             the name of the tool that is on
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  const DEFAULT_TOOL = "inspect";
  const tools = {};

  twin.defineTool = function (name, tool) { tools[name] = tool; };

  twin.setTool = function (name) {
    const next = name && tools[name] ? name : DEFAULT_TOOL;
    if (next === twin.tool) return;
    const previous = twin.tool;
    twin.tool = next;
    const root = twin.util.root();
    if (root) root.setAttribute("data-tool", next);
    twin.emit("toolChanged", next, previous);
  };

  /* A tap on the map (deck.gl's click event with its picking info) goes to the tool that is on. */
  twin._tap = function (info) {
    const tool = tools[twin.tool];
    if (!tool || typeof tool.tap !== "function") return;
    try { tool.tap(info, twin); } catch (err) { console.error("urban-twin tool", twin.tool, err); }
  };

  twin._cursor = function (s) {
    const tool = tools[twin.tool];
    if (tool && tool.cursor && !s.isDragging) return tool.cursor;
    return s.isDragging ? "grabbing" : (s.isHovering ? "pointer" : "grab");
  };

  twin.module("tools", {
    mounted: function (twin, own) {
      twin.tool = DEFAULT_TOOL;
      const root = twin.util.root();
      if (root) root.setAttribute("data-tool", DEFAULT_TOOL);
      own.listen(document, "keydown", function (event) {
        if (event.key === "Escape" && twin.tool !== DEFAULT_TOOL) twin.setTool(null);
      });
    },
    removed: function (twin) {
      const root = twin.util.root();
      if (root) root.removeAttribute("data-tool");
    },
  });
})();
