-- :checkhealth factlint
-- Is the server there and which version, does the English pipeline import, which config file
-- governs the current buffer, and where is its corpus index? Each problem comes with its fix.
-- It asks the server's own CLI (`factlint info --format json`), so it sees what the server sees.
local M = {}

local health = vim.health

-- The command the LSP client runs (vim.lsp.config('factlint', { cmd = ... })), minus `serve`.
local function base_cmd()
  local cfg = vim.lsp.config and vim.lsp.config.factlint or nil
  local cmd = (cfg and type(cfg.cmd) == 'table' and cfg.cmd) or { 'factlint', 'serve' }
  local out = {}
  for _, part in ipairs(cmd) do
    if part ~= 'serve' and part ~= '--stdio' then
      table.insert(out, part)
    end
  end
  return out
end

local SET_CMD = "set the server command: vim.lsp.config('factlint', { cmd = { '/path/to/venv/bin/factlint', 'serve' } })"

function M.check()
  health.start('factlint')
  local cmd = base_cmd()
  local exe = cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    health.error(('`%s` is not executable (not found on PATH)'):format(exe), {
      'install it: python3.11 -m venv ~/.factlint && ~/.factlint/bin/pip install factlint',
      SET_CMD,
    })
    return
  end
  health.ok(('`%s` is executable: %s'):format(exe, vim.fn.exepath(exe)))

  local buf = vim.api.nvim_buf_get_name(0)
  local target = (buf ~= '' and buf) or vim.fn.getcwd()
  local args = vim.list_extend(vim.deepcopy(cmd), { 'info', target, '--format', 'json' })
  local res = vim.system(args, { text = true }):wait(60000)
  local ok, info = pcall(vim.json.decode, res.stdout or '')
  if not ok or type(info) ~= 'table' then
    health.error(('`%s info` failed: %s'):format(table.concat(cmd, ' '), vim.trim(res.stderr or '')),
      { 'reinstall factlint in that environment (pip install --upgrade factlint)', SET_CMD })
    return
  end
  health.ok(('factlint %s (Python %s)'):format(info.version, info.python))

  if info.pipeline and info.pipeline.ok then
    health.ok(('English pipeline imports: %s'):format(info.pipeline.name))
  else
    health.error('the English pipeline is missing', { ('in the same environment: %s'):format(info.pipeline.hint) })
  end

  if info.config and info.config.ok then
    if info.config.path ~= vim.NIL and info.config.path then
      health.ok(('config for this buffer: %s'):format(info.config.path))
    else
      health.warn('no factlint.toml governs this buffer: only the rules run, no corpus',
        { 'add a factlint.toml beside your drafts with: corpus = ["path/to/articles"]' })
    end
  else
    health.error(('config: %s'):format(info.config and info.config.error or '?'), { 'fix the file at the line named' })
  end

  if type(info.index) == 'table' and info.index.shared then
    if info.index.articles then
      health.ok(('shared corpus index: %s (%d articles)'):format(info.index.shared, info.index.articles))
    else
      health.error(('shared corpus index: %s %s'):format(info.index.shared, info.index.error or ''),
        { 'check the URL in factlint.toml (index = ...) or FACTLINT_INDEX_URL, and that the database answers' })
    end
  elseif type(info.index) == 'table' then
    if info.index.exists then
      health.ok(('corpus index: %s'):format(info.index.path))
    else
      health.warn(('corpus index not built yet: %s'):format(info.index.path),
        { 'it builds on first use, or now: factlint index' })
    end
  end
  health.info('indexing progress arrives as LSP $/progress messages: editors/nvim/README.md (Status) shows them')
end

return M
