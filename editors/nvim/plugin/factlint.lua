-- A corpus article of a shared index that is not on this machine: go-to-definition and the
-- related information point at `factlint-corpus:<path>`. Reading such a buffer asks the
-- factlint server for the article's text from the index; the buffer is read-only.
local group = vim.api.nvim_create_augroup('factlint-corpus', { clear = true })

vim.api.nvim_create_autocmd('BufReadCmd', {
  group = group,
  pattern = 'factlint-corpus:/*', -- with a slash: a pattern without one matches the file's tail only
  callback = function(ev)
    local buf, uri = ev.buf, ev.match
    local lines
    local client = vim.lsp.get_clients({ name = 'factlint' })[1]
    if not client then
      lines = { 'factlint is not running: cannot show ' .. uri }
    else
      local res, err = client:request_sync('factlint/articleText', { uri = uri }, 10000, buf)
      if res and res.result then
        lines = vim.split(res.result.text, '\n', { plain = true })
        if lines[#lines] == '' then table.remove(lines) end
      else
        local why = (res and res.err and res.err.message) or err or 'no answer'
        lines = { 'factlint: ' .. tostring(why) }
      end
    end
    vim.bo[buf].modifiable = true
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
    vim.bo[buf].buftype = 'nofile'
    vim.bo[buf].swapfile = false
    vim.bo[buf].modified = false
    vim.bo[buf].modifiable = false
    vim.bo[buf].readonly = true
    vim.bo[buf].filetype = 'text'
  end,
})
