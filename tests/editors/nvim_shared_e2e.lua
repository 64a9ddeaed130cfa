-- Driven by tests/editors/test_nvim.py: a draft checked against a shared index whose articles
-- are not on this machine; go to definition on the wrong figure opens the corpus article from
-- the index (plugin/factlint.lua), read-only. Writes what happened to $FACTLINT_E2E_OUT.
local out = os.getenv('FACTLINT_E2E_OUT')
local result = { error = nil }

local ok, err = pcall(function()
  local draft = vim.api.nvim_get_current_buf()
  local target
  vim.wait(120000, function()
    for _, d in ipairs(vim.diagnostic.get(draft)) do
      if d.code == 'figure/conflict' then target = d end
    end
    return target ~= nil
  end, 200)
  if not target then error('no figure/conflict diagnostic arrived') end
  result.message = target.message
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  vim.lsp.buf.definition()
  vim.wait(20000, function()
    return vim.api.nvim_buf_get_name(0):find('^factlint%-corpus:') ~= nil
  end, 100)
  local buf = vim.api.nvim_get_current_buf()
  result.name = vim.api.nvim_buf_get_name(buf)
  result.readonly = vim.bo[buf].readonly and not vim.bo[buf].modifiable
  result.line = vim.api.nvim_get_current_line()
  result.lines = vim.api.nvim_buf_line_count(buf)
end)
if not ok then result.error = tostring(err) end
local f = assert(io.open(out, 'w'))
f:write(vim.json.encode(result))
f:close()
vim.cmd('qa!')
